import type { Application, DirectoryFic } from '../directory/directory.js';
import { expressionPolicyProblem } from '../claims-expression/flexible-issuers.js';
import { ficCollectionProblems, ficProblems, FIC_LIMITS, parseFicExpression, type FicProblem } from '../directory/fic-rules.js';
import type { EntraRuntime } from '../runtime.js';
import { announceCredentialRefusal } from './announce-credential-change.js';
import type { GraphCaller } from './auth/graph-caller.js';
import { GraphError, invalidValue } from './graph-error.js';

const CHECK = 'credential-rules';

/** A broken rule as Graph reports it. */
function graphErrorFor(problem: FicProblem, fic: DirectoryFic, issuer: string): GraphError {
  switch (problem.rule) {
    case 'unique-issuer-subject': {
      // Graph's wording for a duplicate (issuer, subject), observed in Azure/azure-workload-identity#434.
      const subject = fic.subject ?? fic.claimsMatchingExpression?.value ?? null;
      return new GraphError(
        400,
        'InvalidFederatedIdentityCredentialValue',
        `The combination of issuer and subject must be unique for the application. Issuer ${issuer} and Subject: ${subject} already exist. paramName: FederatedIdentityCredential.Subject, paramValue: ${subject}, objectType: Microsoft.Online.DirectoryServices.Application`,
        CHECK,
        problem.message,
      );
    }
    case 'unique-name':
      return new GraphError(400, 'Request_BadRequest', 'Another object with the same value for property name already exists.', CHECK, problem.message);
    case 'count':
      return new GraphError(400, 'Request_BadRequest', `The maximum number of ${FIC_LIMITS.perApplication} federated identity credentials per application has been reached.`, CHECK, problem.message);
    default:
      return invalidValue(String(problem.path[0]), 'FederatedIdentityCredential', problem.message, CHECK);
  }
}

/** One of Graph's rules for a credential being written; `name` is the failed check a refusal names. */
interface CredentialCheck {
  name: string;
  run(runtime: EntraRuntime, app: Application, fic: DirectoryFic): void;
}

/** Rules the credential meets on its own and among the application's other credentials. */
const credentialRules: CredentialCheck = {
  name: CHECK,
  run({ directory, config }, app, fic) {
    const resolved = (f: DirectoryFic) => ({ ...f, issuer: directory.issuerOf(f) ?? f.issuer });
    const own = ficProblems(fic, { allowNestedClaims: config.extendedClaimsExpressions });
    if (own.length > 0) throw graphErrorFor(own[0]!, fic, fic.issuer);
    const others = app.federatedIdentityCredentials.filter((f) => f.id !== fic.id);
    const all = [...others, fic].map(resolved);
    const last = all.length - 1;
    const shared = ficCollectionProblems(all).find((p) => p.rule === 'count' || p.path[0] === last);
    if (shared) throw graphErrorFor(shared, fic, all[last]!.issuer);
  },
};

/**
 * An expression only for an issuer Entra evaluates expressions for, over the claims it allows
 * (the token endpoint's `claims-expression-policy` rule, claims-expression/flexible-issuers.ts).
 * Graph's answer, observed 2026-08 for GitHub and GitLab issuers:
 * https://github.com/hashicorp/terraform-provider-azuread/issues/1901. An issuer with no
 * expressions at all gets the same answer here; Graph's own text for it was not found [U].
 * `entra.extendedClaimsExpressions` lets through what the exchange then accepts (a fedlab extension).
 */
const claimsExpressionPolicy: CredentialCheck = {
  name: 'claims-expression-policy',
  run({ directory, config }, _app, fic) {
    const expression = fic.claimsMatchingExpression;
    if (expression === null || config.extendedClaimsExpressions) return;
    const problem = expressionPolicyProblem(directory.issuerOf(fic) ?? fic.issuer, parseFicExpression(expression.value).expression!);
    if (!problem) return;
    throw new GraphError(
      400,
      'InvalidFederatedIdentityCredentialValue',
      `The FederatedIdentityCredential.ClaimsMatchingExpression.Value is invalid. Rule exception: Expression configured for issuer '${fic.issuer}' either lacks all required claims or contains unallowed claims. paramName: FederatedIdentityCredential.ClaimsMatchingExpression.Value, paramValue: ${expression.value}, objectType: Microsoft.Online.DirectoryServices.Application`,
      'claims-expression-policy',
      `${problem} (entra.extendedClaimsExpressions allows any)`,
    );
  },
};

/** In order: the first that fails names the refusal (x-fedlab-failed-check). */
const CREDENTIAL_CHECKS: readonly CredentialCheck[] = [credentialRules, claimsExpressionPolicy];

/**
 * Graph's rules for a credential being created or changed (the same rules the config is held to,
 * directory/fic-rules.ts and config.ts): on its own, then among the application's other
 * credentials, with `aws:<account>` issuers compared as the URLs they stand for; then its expression.
 */
export function checkCredential(runtime: EntraRuntime, caller: GraphCaller, app: Application, fic: DirectoryFic): void {
  try {
    for (const check of CREDENTIAL_CHECKS) check.run(runtime, app, fic);
  } catch (error) {
    if (error instanceof GraphError) announceCredentialRefusal(runtime, caller, app, fic, error);
    throw error;
  }
}

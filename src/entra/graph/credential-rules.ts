import type { Application, DirectoryFic } from '../directory/directory.js';
import { ficCollectionProblems, ficProblems, FIC_LIMITS, type FicProblem } from '../directory/fic-rules.js';
import type { EntraRuntime } from '../runtime.js';
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

/**
 * Graph's rules for a credential being created or changed (the same rules the config is held to,
 * directory/fic-rules.ts): on its own, then among the application's other credentials, with
 * `aws:<account>` issuers compared as the URLs they stand for.
 */
export function checkCredential(runtime: EntraRuntime, app: Application, fic: DirectoryFic): void {
  const { directory, config } = runtime;
  const resolved = (f: DirectoryFic) => ({ ...f, issuer: directory.issuerOf(f) ?? f.issuer });
  const own = ficProblems(fic, { allowNestedClaims: config.extendedClaimsExpressions });
  if (own.length > 0) throw graphErrorFor(own[0]!, fic, fic.issuer);
  const others = app.federatedIdentityCredentials.filter((f) => f.id !== fic.id);
  const all = [...others, fic].map(resolved);
  const last = all.length - 1;
  const shared = ficCollectionProblems(all).find((p) => p.rule === 'count' || p.path[0] === last);
  if (shared) throw graphErrorFor(shared, fic, all[last]!.issuer);
}

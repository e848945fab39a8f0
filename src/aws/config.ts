import { z } from 'zod';
import { managedPolicyDocument } from './iam/managed-policies.js';
import { policyDocumentField, policyArnField, organizationPolicySchema } from './iam/policy-config.js';
import { parsePolicyDocument } from './iam/policy/document.js';
import { publicUrlSchema } from '../core/config/public-url.js';

const ACCOUNT_ID = /^\d{12}$/;
const PRINCIPAL_ARN = /^arn:aws(-cn|-us-gov)?:iam::(\d{12}):(role|user)\/[\w+=,.@/-]{1,512}$/;
const ACCESS_KEY_ID = /^(AKIA|ASIA)[A-Z0-9]{12,124}$/;
const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;

const sessionContextSchema = z.strictObject({
  ec2SourceInstanceArn: z.string().optional(),
  ec2InstanceSourceVpc: z.string().optional(),
  ec2InstanceSourcePrivateIpv4: z.string().optional(),
  ec2RoleDelivery: z.string().optional(),
  lambdaSourceFunctionArn: z.string().optional(),
  sourceIdentity: z.string().optional(),
  identityStoreUserId: z.string().optional(),
});

const principalPolicySchema = z.strictObject({
  audiences: z.array(z.string().min(1)).min(1).optional(),
  maxDurationSeconds: z.number().int().min(60).max(3600).optional(),
  signingAlgorithms: z.array(z.enum(['RS256', 'ES384'])).min(1).optional(),
  allowTags: z.boolean().optional(),
  /** sts:SetWebIdentityTokenScope: needed (when a policy is set) to pass `Scope`. */
  allowScope: z.boolean().optional(),
});

/** The session's trusted-identity-propagation context (aws:OriginIdentity/*), for SubjectMode=OriginIdentity. */
const originIdentitySchema = z
  .strictObject({
    subject: z.string().min(1),
    issuer: z.string().min(1).optional(),
    federatedProviderArn: z.string().min(1).optional(),
  })
  .refine((o) => o.issuer !== undefined || o.federatedProviderArn !== undefined, { message: 'expected issuer or federatedProviderArn' });

export const principalSchema = z.strictObject({
  arn: z.string().regex(PRINCIPAL_ARN, 'expected an IAM role or user ARN like arn:aws:iam::111122223333:role/name'),
  accessKeyId: z.string().regex(ACCESS_KEY_ID, 'expected an access key id like AKIAIOSFODNN7EXAMPLE (AKIA/ASIA + 16 upper-case letters or digits)'),
  secretAccessKey: z.string().min(16, 'expected a secret access key of at least 16 characters'),
  sessionToken: z.string().min(1).nullable().default(null),
  sessionExpiresAt: z.iso.datetime({ offset: true, message: 'expected an ISO 8601 time like 2030-01-01T00:00:00Z' }).nullable().default(null),
  tags: z.record(z.string().min(1).max(128), z.string().max(256)).default({}),
  context: sessionContextSchema.default({}),
  /** Legacy shorthand, compiled into the inline policy `FedlabShorthandPolicy` (see iam/shorthand-policy.ts). */
  policy: principalPolicySchema.nullable().default(null),
  /** Inline identity policies: policy name → document (YAML object or JSON string). */
  inlinePolicies: z.record(z.string().regex(/^[\w+=,.@-]{1,128}$/, 'expected a policy name (1-128 of letters, digits, +=,.@_-)'), policyDocumentField('identity')).optional(),
  /** Attached managed policies: AWS managed (arn:aws:iam::aws:policy/…) or the account's customer managed ones. */
  managedPolicyArns: z.array(policyArnField).optional(),
  /** A managed policy ARN used as the permissions boundary. */
  permissionsBoundary: policyArnField.optional(),
  /** Role session name shown in AccessDenied messages (assumed-role/<role>/<sessionName>). */
  sessionName: z.string().regex(/^[\w+=,.@-]{2,64}$/, 'expected a role session name (2-64 of letters, digits, +=,.@_-)').optional(),
  originIdentity: originIdentitySchema.optional(),
});

const ROLE_ARN = /^arn:aws(-cn|-us-gov)?:iam::(\d{12}):role\/[\w+=,.@/-]{1,512}$/;

/** A role that STS AssumeRole can assume: its trust policy decides who may. */
export const roleSchema = z.strictObject({
  arn: z.string().regex(ROLE_ARN, 'expected an IAM role ARN like arn:aws:iam::111122223333:role/name'),
  /** The trust policy (AssumeRolePolicyDocument), as YAML or as JSON text. */
  trustPolicy: z.union([z.string().min(1), z.record(z.string(), z.unknown())]),
  /** MaxSessionDuration: 1 to 12 hours. */
  maxSessionDuration: z.number().int().min(3600).max(43200).default(3600),
  tags: z.record(z.string().min(1).max(128), z.string().max(256)).default({}),
  /** The role's identity policies; none configured attaches FedlabDefaultOutboundFederation, as for principals. */
  policies: z.array(z.union([z.string().min(1), z.record(z.string(), z.unknown())])).optional(),
});

/** An IAM OIDC provider known at start (CreateOpenIDConnectProvider adds more at runtime). */
export const oidcProviderSchema = z.strictObject({
  url: z.string().regex(/^https?:\/\/[^\s/?#]+[^\s?#]*$/, 'expected the issuer URL, e.g. https://token.actions.githubusercontent.com'),
  clientIds: z.array(z.string().min(1).max(255)).max(100).default([]),
  thumbprints: z.array(z.string().regex(/^[0-9a-fA-F]{40}$/, 'expected a 40-hex-digit SHA-1 thumbprint')).max(5).default([]),
});

/**
 * An EC2 instance whose instance profile role fedlab serves credentials for, through an IMDSv2
 * listener of its own (where the SDKs look: `PUT /latest/api/token`, then
 * `/latest/meta-data/iam/security-credentials/<role>`).
 */
export const ec2InstanceSchema = z.strictObject({
  instanceId: z.string().regex(/^i-[0-9a-f]{8}([0-9a-f]{9})?$/, 'expected an instance id like i-0123456789abcdef0'),
  /** The instance profile's role (one of the account's roles; its trust policy must allow ec2.amazonaws.com). */
  roleArn: z.string().regex(ROLE_ARN, 'expected an IAM role ARN like arn:aws:iam::111122223333:role/name'),
  region: z.string().regex(REGION, 'expected an AWS region like us-east-1').optional(),
  vpcId: z.string().regex(/^vpc-[0-9a-f]{8,17}$/, 'expected a VPC id like vpc-0abc1234').optional(),
  privateIpv4: z.ipv4().optional(),
  /** The IMDS listener's port on aws.host (0: any free port). */
  imdsPort: z.number().int().min(0).max(65535).default(0),
});

/** A Lambda function whose execution role fedlab opens sessions for (credentials in the function's environment). */
export const lambdaFunctionSchema = z.strictObject({
  name: z.string().regex(/^[a-zA-Z0-9-_]{1,64}$/, 'expected a function name (1-64 of letters, digits, - and _)'),
  /** The execution role (one of the account's roles; its trust policy must allow lambda.amazonaws.com). */
  roleArn: z.string().regex(ROLE_ARN, 'expected an IAM role ARN like arn:aws:iam::111122223333:role/name'),
  region: z.string().regex(REGION, 'expected an AWS region like us-east-1').optional(),
});

/**
 * An ECS task whose task role fedlab serves credentials for, at a container credentials endpoint
 * (`AWS_CONTAINER_CREDENTIALS_FULL_URI` with `AWS_CONTAINER_AUTHORIZATION_TOKEN`, as the SDKs' default chain reads them).
 */
export const ecsTaskSchema = z.strictObject({
  /** The task id (32 hex digits), the last part of the task ARN and the role session's name. */
  taskId: z.string().regex(/^[0-9a-f]{32}$/, 'expected a task id of 32 hex digits like 0123456789abcdef0123456789abcdef'),
  cluster: z.string().regex(/^[a-zA-Z0-9_-]{1,255}$/, 'expected a cluster name (letters, digits, - and _)').default('default'),
  /** The task role (one of the account's roles; its trust policy must allow ecs-tasks.amazonaws.com). */
  roleArn: z.string().regex(ROLE_ARN, 'expected an IAM role ARN like arn:aws:iam::111122223333:role/name'),
  region: z.string().regex(REGION, 'expected an AWS region like us-east-1').optional(),
});

export const accountSchema = z
  .strictObject({
    id: z.string({ message: 'expected the account id as a quoted 12-digit string, e.g. "111122223333"' }).regex(ACCOUNT_ID, 'expected a 12-digit account id'),
    outboundFederation: z.enum(['enabled', 'disabled']).default('disabled'),
    issuerId: z.uuid({ message: 'expected a UUID' }).optional(),
    region: z.string().regex(REGION, 'expected an AWS region like us-east-1').default('us-east-1'),
    organization: z
      .strictObject({
        id: z.string().regex(/^o-[a-z0-9]{10,32}$/, 'expected an organization id like o-exampleorg1'),
        ouPath: z.array(z.string().min(1)).default([]),
        /** The organization's management account: SCPs and RCPs do not apply to it; only it may call Organizations. */
        management: z.boolean().default(false),
      })
      .optional(),
    principals: z.array(principalSchema).default([]),
    /** Customer managed policies, ARN arn:aws:iam::<account>:policy/<name>. */
    managedPolicies: z.array(z.strictObject({ name: z.string().regex(/^[\w+=,.@-]{1,128}$/, 'expected a policy name'), document: policyDocumentField('identity') })).default([]),
    roles: z.array(roleSchema).default([]),
    oidcProviders: z.array(oidcProviderSchema).default([]),
    ec2Instances: z.array(ec2InstanceSchema).default([]),
    lambdaFunctions: z.array(lambdaFunctionSchema).default([]),
    ecsTasks: z.array(ecsTaskSchema).default([]),
  })
  .superRefine((account, ctx) => {
    account.principals.forEach((principal, i) => {
      const owner = PRINCIPAL_ARN.exec(principal.arn)?.[2];
      if (owner && owner !== account.id) {
        ctx.addIssue({ code: 'custom', path: ['principals', i, 'arn'], message: `principal belongs to account ${owner}, not ${account.id}` });
      }
    });
    for (const key of ['ec2Instances', 'lambdaFunctions', 'ecsTasks'] as const) {
      account[key].forEach((workload, i) => {
        if (!account.roles.some((r) => r.arn === workload.roleArn)) ctx.addIssue({ code: 'custom', path: [key, i, 'roleArn'], message: `no role ${workload.roleArn} in this account's roles` });
      });
    }
    account.roles.forEach((role, i) => {
      const owner = ROLE_ARN.exec(role.arn)?.[2];
      if (owner && owner !== account.id) ctx.addIssue({ code: 'custom', path: ['roles', i, 'arn'], message: `role belongs to account ${owner}, not ${account.id}` });
      for (const [j, doc] of [role.trustPolicy, ...(role.policies ?? [])].entries()) {
        try {
          parsePolicyDocument(doc, j === 0 ? 'resource' : 'identity');
        } catch (error) {
          ctx.addIssue({ code: 'custom', path: ['roles', i, j === 0 ? 'trustPolicy' : 'policies'], message: (error as Error).message });
        }
      }
    });
  });

export const awsConfigSchema = z
  .strictObject({
    host: z.string().min(1).default('127.0.0.1'),
    port: z.number().int().min(0).max(65535).default(4580),
    /** Behind a load balancer: the origin clients use; the endpoint and the issuer URLs (`{publicUrl}/{issuerId}`) derive from it. */
    publicUrl: publicUrlSchema({ httpsOnly: false }).optional(),
    /** Largest accepted JWT payload in bytes (JWTPayloadSizeExceededException beyond). */
    maxPayloadBytes: z.number().int().min(512).default(4096),
    /** Live AssumeRole sessions kept per account; the oldest goes first beyond this. */
    maxSessionsPerAccount: z.number().int().min(1).default(10000),
    /** CloudTrail events kept per account for LookupEvents; the oldest goes first beyond this. */
    maxTrailEventsPerAccount: z.number().int().min(1).default(10000),
    /** The container credentials endpoint's port on aws.host, listening when an account has ecsTasks (0: any free port). */
    containerCredentialsPort: z.number().int().min(0).max(65535).default(0),
    accounts: z.array(accountSchema).min(1, 'at least one account is needed'),
    /** Organizations' SCPs and RCPs, attached to the root, OUs or accounts. */
    organizations: z.array(z.strictObject({ id: z.string().regex(/^o-[a-z0-9]{10,32}$/, 'expected an organization id like o-exampleorg1'), policies: z.array(organizationPolicySchema).default([]) })).default([]),
  })
  .superRefine((aws, ctx) => {
    const seen = new Map<string, string>();
    aws.accounts.forEach((account, a) => {
      if (aws.accounts.findIndex((other) => other.id === account.id) !== a) {
        ctx.addIssue({ code: 'custom', path: ['accounts', a, 'id'], message: `duplicate account id ${account.id}` });
      }
      account.principals.forEach((principal, p) => {
        const where = seen.get(principal.accessKeyId);
        if (where) ctx.addIssue({ code: 'custom', path: ['accounts', a, 'principals', p, 'accessKeyId'], message: `access key id already used by ${where}` });
        else seen.set(principal.accessKeyId, principal.arn);
        for (const [field, arn] of [...(principal.managedPolicyArns ?? []).map((arn, i) => [['managedPolicyArns', i], arn] as const), ...(principal.permissionsBoundary ? [[['permissionsBoundary'], principal.permissionsBoundary] as const] : [])]) {
          if (!managedPolicyDocument(arn, account.managedPolicies, account.id)) {
            ctx.addIssue({ code: 'custom', path: ['accounts', a, 'principals', p, ...field], message: `NoSuchEntity: Policy ${arn} does not exist or is not attachable.` });
          }
        }
      });
    });
    const management = new Map<string, string>();
    aws.accounts.forEach((account, a) => {
      const org = account.organization;
      if (!org?.management) return;
      const other = management.get(org.id);
      if (other) ctx.addIssue({ code: 'custom', path: ['accounts', a, 'organization', 'management'], message: `organization ${org.id} already has its management account ${other}` });
      else management.set(org.id, account.id);
    });
    aws.organizations.forEach((org, o) => {
      const members = aws.accounts.filter((account) => account.organization?.id === org.id);
      if (members.length === 0) ctx.addIssue({ code: 'custom', path: ['organizations', o, 'id'], message: `no account belongs to organization ${org.id}` });
      const nodes = new Set(members.flatMap((m) => [m.id, ...m.organization!.ouPath.flatMap((path) => path.split('/').slice(1).filter((s) => s.length > 0))]));
      org.policies.forEach((policy, i) =>
        policy.targets.forEach((target, t) => {
          if (!nodes.has(target)) ctx.addIssue({ code: 'custom', path: ['organizations', o, 'policies', i, 'targets', t], message: `TargetNotFoundException: ${target} is not the root, an OU or an account of ${org.id}` });
        }),
      );
    });
  });

export type AwsConfig = z.output<typeof awsConfigSchema>;
export type AccountConfig = z.output<typeof accountSchema>;
export type PrincipalConfig = z.output<typeof principalSchema>;
export type RoleConfig = z.output<typeof roleSchema>;
export type Ec2InstanceConfig = z.output<typeof ec2InstanceSchema>;
export type EcsTaskConfig = z.output<typeof ecsTaskSchema>;

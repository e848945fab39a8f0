/** The two awsQuery services fedlab answers on its one endpoint, with their API versions. */
export type ServiceName = 'sts' | 'iam';

export interface QueryService {
  /** SigV4 signing name: the credential scope must name it. */
  readonly name: ServiceName;
  readonly version: string;
  readonly xmlns: string;
}

export const STS: QueryService = { name: 'sts', version: '2011-06-15', xmlns: 'https://sts.amazonaws.com/doc/2011-06-15/' };
export const IAM: QueryService = { name: 'iam', version: '2010-05-08', xmlns: 'https://iam.amazonaws.com/doc/2010-05-08/' };

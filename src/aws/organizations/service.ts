import type { JsonService } from '../json/operation.js';

/** AWS Organizations (API 2016-11-28), AWS JSON 1.1. */
export const ORGANIZATIONS: JsonService = {
  name: 'organizations',
  targetPrefixes: ['AWSOrganizationsV20161128', 'com.amazonaws.organizations.v20161128.AWSOrganizationsV20161128'],
};

import type { JsonService } from '../json/operation.js';

/** CloudTrail (API 2013-11-01), AWS JSON 1.1 with the awsQueryCompatible trait. */
export const CLOUDTRAIL: JsonService = {
  name: 'cloudtrail',
  targetPrefixes: ['CloudTrail_20131101', 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101'],
  queryCompatible: true,
};

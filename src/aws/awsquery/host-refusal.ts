import { randomUUID } from 'node:crypto';
import { jsonRefusal, type HostRefusalAnswer } from '../../core/http/listen.js';
import { STS } from './services.js';
import { errorXml } from './xml.js';

/**
 * A refused `Host` (or a request Node cannot parse) on the AWS listener answers in awsQuery XML, as every other STS/IAM error does,
 * so SDKs parse it; runtime control under `/_fedlab` keeps its JSON errors.
 */
export function awsHostRefusal(code: string, message: string, path: string, status = 403): HostRefusalAnswer {
  if (path.startsWith('/_fedlab')) return jsonRefusal(code, message);
  const requestId = randomUUID();
  return { contentType: 'text/xml', body: errorXml(STS, status, code, message, requestId), headers: { 'x-amzn-RequestId': requestId } };
}

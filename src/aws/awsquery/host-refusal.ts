import { randomUUID } from 'node:crypto';
import { jsonRefusal, type HostRefusalAnswer } from '../../core/http/listen.js';
import { STS } from './services.js';
import { errorXml } from './xml.js';

/**
 * A refused `Host` on the AWS listener answers in awsQuery XML, as every other STS/IAM error does,
 * so SDKs parse it; runtime control under `/_fedlab` keeps its JSON errors.
 */
export function awsHostRefusal(code: string, message: string, path: string): HostRefusalAnswer {
  if (path.startsWith('/_fedlab')) return jsonRefusal(code, message);
  const requestId = randomUUID();
  return { contentType: 'text/xml', body: errorXml(STS, 403, code, message, requestId), headers: { 'x-amzn-RequestId': requestId } };
}

import type { QueryService } from './services.js';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** `<Name>text</Name>` with the text escaped. */
export function textElement(name: string, text: string): string {
  return `<${name}>${escapeXml(text)}</${name}>`;
}

function indent(lines: string[], depth: number): string[] {
  return lines.map((line) => '  '.repeat(depth) + line);
}

/**
 * `<ActionResponse>` with an optional `<ActionResult>` (one line per member) and the request id,
 * laid out as the services print it. STS answers with an XML declaration, IAM without.
 */
export function successXml(service: QueryService, action: string, requestId: string, resultMembers?: string[]): string {
  const lines = [
    ...(service.name === 'sts' ? ['<?xml version="1.0" encoding="UTF-8"?>'] : []),
    `<${action}Response xmlns="${service.xmlns}">`,
    ...(resultMembers ? indent([`<${action}Result>`, ...indent(resultMembers, 1), `</${action}Result>`], 1) : []),
    ...indent(['<ResponseMetadata>', ...indent([textElement('RequestId', requestId)], 1), '</ResponseMetadata>'], 1),
    `</${action}Response>`,
  ];
  return lines.join('\n') + '\n';
}

/** The awsQuery `ErrorResponse` envelope; `Type` is Sender for 4xx and Receiver for 5xx. */
export function errorXml(service: QueryService, status: number, code: string, message: string, requestId: string): string {
  const type = status >= 500 ? 'Receiver' : 'Sender';
  return [
    `<ErrorResponse xmlns="${service.xmlns}">`,
    '  <Error>',
    `    ${textElement('Type', type)}`,
    `    ${textElement('Code', code)}`,
    `    ${textElement('Message', message)}`,
    '  </Error>',
    `  ${textElement('RequestId', requestId)}`,
    '</ErrorResponse>',
    '',
  ].join('\n');
}

/** `<Name><member>…</member>…</Name>`, one line per member (awsQuery's list shape). */
export function memberListElement(name: string, members: readonly string[]): string[] {
  return [`<${name}>`, ...members.map((m) => `  ${textElement('member', m)}`), `</${name}>`];
}

/** The console's own backend: JSON in, JSON out; a refusal carries `{error:{code,message}}`. */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export async function api(path, { method = 'GET', body } = {}) {
  const response = await fetch(`/api${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
  });
  if (response.status === 204) return null;
  const data = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = data.error && typeof data.error === 'object' ? data.error : { code: `HTTP ${response.status}`, message: JSON.stringify(data) };
    throw new ApiError(response.status, error.code, error.message);
  }
  return data;
}

import { startRuntimeLab, ACCOUNT } from './support.js';

test('a request hanging on a timeout fault does not keep fedlab from closing: its socket is closed', async () => {
  const fedlab = await startRuntimeLab();
  let closed = false;
  try {
    fedlab.faults.inject('aws', { target: 'discovery', kind: 'timeout', accountId: ACCOUNT });
    const hanging = fetch(`${fedlab.urls.aws.issuers[ACCOUNT]}/.well-known/openid-configuration`).then(
      () => 'answered',
      () => 'socket closed',
    );
    const first = await Promise.race([hanging, new Promise((r) => setTimeout(() => r('still hanging'), 500))]);
    expect(first).toBe('still hanging');
    const started = Date.now();
    await fedlab.close();
    closed = true;
    expect(Date.now() - started).toBeLessThan(2000);
    expect(await hanging).toBe('socket closed');
  } finally {
    if (!closed) await fedlab.close();
  }
});

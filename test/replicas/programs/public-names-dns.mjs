// Loaded with --import: the example's public names (*.fedlab.example.com) resolve to 127.0.0.1, as
// an operator's DNS would point them at the balancer. Everything else resolves as usual.
import dns from 'node:dns';
import { syncBuiltinESMExports } from 'node:module';

const PUBLIC = /(^|\.)fedlab\.example\.com$/i;
const lookup = dns.lookup;
dns.lookup = function publicNamesLookup(hostname, options, callback) {
  if (typeof options === 'function') [callback, options] = [options, {}];
  if (typeof options === 'number') options = { family: options };
  if (!PUBLIC.test(hostname)) return lookup.call(this, hostname, options, callback);
  process.nextTick(() => (options?.all ? callback(null, [{ address: '127.0.0.1', family: 4 }]) : callback(null, '127.0.0.1', 4)));
};
syncBuiltinESMExports();

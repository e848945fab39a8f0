#!/usr/bin/env node
import { Command } from 'commander';
import { ConfigError } from './core/config/config-error.js';
import { CorruptStateError } from './core/state-dir.js';

// Each command's module is loaded only when that command runs, so `fedlab start` does not pay for
// the AWS and Azure SDKs that `token` and `demo` use.

/**
 * `demo` and `token` use the AWS SDK as fedlab's own client. Its notice that releases after January
 * 2027 need Node 22 concerns fedlab's dependency pins, not the person running the command, and
 * would otherwise open every demo. Set AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=false to
 * see it. The library (`startFedlab()`) leaves it alone: there the SDK is the user's.
 */
function quietAwsSdkNodeNotice(): void {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
}

/** Problems a user can fix: printed plainly, exit code 2, never a stack trace. */
function fail(error: unknown): never {
  if (error instanceof ConfigError || error instanceof CorruptStateError) {
    process.stderr.write(`fedlab: ${error.message}\n`);
    process.exit(2);
  }
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'EADDRINUSE' || code === 'EACCES') {
    process.stderr.write(`fedlab: cannot listen: ${(error as Error).message}\n`);
    process.exit(2);
  }
  process.stderr.write(`fedlab: ${(error as Error)?.message ?? String(error)}\n`);
  process.exit(1);
}

/** A reader of stdout or stderr that has gone (`fedlab … | head`) is no error: stop writing, keep going. */
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

const program = new Command()
  .name('fedlab')
  .description('Local simulator of AWS → Microsoft Entra workload identity federation');

program
  .command('start')
  .description('start the simulator (all parties) and print its endpoints')
  .option('-c, --config <file>', 'YAML or JSON configuration (default: the embedded fixtures/fedlab.yaml)')
  .option('--state-dir <dir>', 'where issuer ids, signing keys and the local CA are kept', '.fedlab')
  .option('--urls-file <file>', 'write a JSON document of every endpoint here once ready')
  .option('--log-level <level>', 'pino log level (silent, info, debug, ...)', process.env.FEDLAB_LOG_LEVEL ?? 'info')
  .option('--attendees <n>', 'workshop room: an AWS account, tenant, app and vault per attendee (credentials in <state-dir>/attendees.json)')
  .option('--labs <dir>', 'lab definitions (*.lab.yaml) checked at /api/labs (default: the course in labs/)')
  .option('--workers <n>', 'serve with N replicas (node:cluster processes) on one shared store: the primary process, or Redis with --store', '1')
  .option('--store <url>', "share fedlab's state with other replicas through Redis (redis://host:port/db; config key 'store')")
  .option('--proxy [port]', "also start the forward proxy that answers for the clouds' real host names (default port 4584); see `fedlab env`")
  .action((options) => import('./commands/start.js').then((m) => m.runStart(options)).catch(fail));

program
  .command('env')
  .description('print the environment (HTTPS_PROXY, CA bundles) that sends a production-configured program to the running fedlab')
  .option('--format <format>', 'sh, fish, powershell or dotenv', 'sh')
  .option('--state-dir <dir>', 'state dir of a running `fedlab start --proxy` (its urls.json is used)', '.fedlab')
  .option('--urls-file <file>', 'urls file of a running fedlab (default: <state-dir>/urls.json)')
  .action((options) => import('./commands/env.js').then((m) => process.exit(m.runEnv(options))).catch(fail));

program
  .command('ca')
  .description("print the path of fedlab's local CA certificate (trust it for the HTTPS parties)")
  .option('--state-dir <dir>', 'state dir of fedlab', '.fedlab')
  .action((options) => import('./commands/ca.js').then((m) => m.runCa(options)).catch(fail));

program
  .command('demo')
  .description('walk through AWS token → Entra exchange → Key Vault secret, step by step')
  .option('-c, --config <file>', 'configuration to take principals, tenants and apps from (default: embedded)')
  .option('--state-dir <dir>', 'state dir of a running `fedlab start` (its urls.json is used)', '.fedlab')
  .option('--urls-file <file>', 'urls file of a running fedlab (default: <state-dir>/urls.json)')
  .option('--principal <arn>', 'AWS principal that mints the token (default: first principal of an enabled account)')
  .option('--audience <aud>', 'audience of the AWS token', 'api://AzureADTokenExchange')
  .option('--alg <alg>', 'RS256 or ES384', 'RS256')
  .option('--duration <seconds>', 'lifetime of the AWS token', '300')
  .option('--tenant <id>', 'Entra tenant (default: the first)')
  .option('--client-id <appId>', 'Entra application (default: the first of the tenant)')
  .option('--resource <uri>', 'resource to get a token for', 'https://vault.azure.net')
  .option('--secret <name>', 'Key Vault secret to read', 'demo-secret')
  .option('--json', 'machine-readable output')
  .option('--real-hostnames', "use the clouds' real host names (sts.<region>.amazonaws.com, login.microsoftonline.com, <vault>.vault.azure.net) through fedlab's forward proxy")
  .action((options) => (quietAwsSdkNodeNotice(), import('./commands/demo.js')).then((m) => m.runDemoCommand(options)).then((code) => process.exit(code), fail));

program
  .command('token')
  .description('get an AWS web identity token from the running fedlab STS (real AWS SDK, SigV4) and print it')
  .option('--principal <arn>', 'configured IAM role or user ARN whose credentials sign the request (with --attendee: one of theirs; default their first)')
  .option('--attendee <id>', "in a room (--attendees): mint as this attendee (a01, ...), with their keys, endpoint and region from <state-dir>/attendees.json")
  .option('--state-dir <dir>', 'state dir of the running `fedlab start --attendees N` (for --attendee)', '.fedlab')
  .option('--audience <aud>', 'audience of the token (repeat for several)', (value: string, previous: string[]) => [...previous, value], [] as string[])
  .option('--alg <alg>', 'RS256 or ES384', 'RS256')
  .option('--duration <seconds>', 'token lifetime, 60-3600 (default: STS default, 300)')
  .option('--endpoint <url>', 'fedlab STS endpoint (default: http://<aws.host>:<aws.port> from the configuration)')
  .option('-c, --config <file>', 'configuration with the principal (default: the embedded fixtures/fedlab.yaml)')
  .option('--region <region>', "signing region, becomes source_region (default: the account's region)")
  .action((options) => (quietAwsSdkNodeNotice(), import('./commands/token.js')).then((m) => m.runToken(options)).then((code) => process.exit(code), fail));

program
  .command('decode')
  .description('print the header, claims and times of a JWT (not verified); TOKEN "-" reads stdin')
  .argument('<token>', 'the compact JWT, or - for stdin')
  .action((token: string) => import('./commands/decode.js').then((m) => m.runDecode(token)).then((code) => process.exit(code), fail));

const lab = program.command('lab').description('workshop labs: checklist, reset, answers (talks to a running fedlab through <state-dir>/urls.json)');
const labOptions = (command: Command) =>
  command
    .option('--state-dir <dir>', 'state dir of a running `fedlab start` (its urls.json is used)', '.fedlab')
    .option('--urls-file <file>', 'urls file of a running fedlab (default: <state-dir>/urls.json)')
    .option('--attendee <id>', 'in a room (--attendees): whose progress (a01, a02, ...)')
    .option('--lab <id>', 'which lab, when several are loaded')
    .option('--token <token>', 'console token, when the console is bound beyond loopback (or FEDLAB_CONSOLE_TOKEN)')
    .option('--json', 'machine-readable output');
labOptions(lab.command('status').description('checklist of the exercises (in a room without --attendee: everyone)'))
  .option('--all', "the facilitator's view: every attendee's progress")
  .action((options) => import('./commands/lab.js').then((m) => m.runLabStatus(options)).then((code) => process.exit(code), fail));
labOptions(lab.command('reset').description("restore exercise N's starting state (federation switch, federated credentials, faults, clock)").argument('<n>', 'exercise number'))
  .action((n: string, options) => import('./commands/lab.js').then((m) => m.runLabReset(n, options)).then((code) => process.exit(code), fail));
labOptions(lab.command('answer').description("answer a question of exercise N (e.g. the issuer URL you found)").argument('<n>', 'exercise number').argument('<goal>', 'goal id').argument('<value>', 'your answer'))
  .action((n: string, goal: string, value: string, options) => import('./commands/lab.js').then((m) => m.runLabAnswer(n, goal, value, options)).then((code) => process.exit(code), fail));

lab
  .command('env')
  .description("print an attendee's lab as environment variables: AWS keys, region and endpoint, Entra tenant, client and authority, vault, console, CA")
  .option('--format <format>', 'sh, fish, powershell, dotenv or json', 'sh')
  .option('--attendee <id>', 'in a room (--attendees): whose lab (a01, ...); one person\'s lab needs none')
  .option('--principal <arn>', "whose AWS keys (one of the attendee's principals; default their first)")
  .option('--job <name>', "whose GitHub Actions runner variables (a job of the lab's github section; default its first)")
  .option('--state-dir <dir>', 'state dir of the running lab (its attendees.json is used)', '.fedlab')
  .action((options) => import('./commands/lab-env.js').then((m) => process.exit(m.runLabEnv(options))).catch(fail));

program.parseAsync(process.argv).catch(fail);

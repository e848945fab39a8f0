export default async function globalTeardown() {
  await globalThis.fedlab?.close();
}

module.exports = async function globalTeardown() {
  await globalThis.fedlab?.close();
};

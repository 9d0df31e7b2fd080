/** The alias every translate bundle resolves (see ./custom-translator.ts). */
declare module 'hive-relay-custom-translator' {
  const translator: unknown;
  export default translator;
  export const translate: unknown;
}

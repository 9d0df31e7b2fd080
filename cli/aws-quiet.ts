/**
 * The AWS SDK warns on Node.js < 22 that its future versions will need 22; the relay supports
 * Node.js 20 locally, so a CLI user would see that notice on every dlq command. Unless the
 * user set the SDK's own switch, turn the notice off (it says nothing about this command).
 */
export function quietSdkNodeVersionWarning(env: NodeJS.ProcessEnv = process.env): void {
  env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
}

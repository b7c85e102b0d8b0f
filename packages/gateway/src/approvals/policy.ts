import { globToRegExp, type ToolCall } from '@mcp/runtime';

export interface ApprovalPolicyOptions {
  /** 'destructive': every tool annotated destructive (or not annotated: the spec's conservative default) needs a person. */
  mode: 'destructive' | 'off';
  /** Extra tools (namespaced globs) that always need a person. */
  tools: readonly string[];
}

/** Returns why `call` needs approval, or undefined when it does not. */
export function approvalPolicy(options: ApprovalPolicyOptions): (call: ToolCall) => string | undefined {
  const listed = options.tools.map(globToRegExp);
  return (call) => {
    if (listed.some((re) => re.test(call.tool.name))) return 'listed in GATEWAY_APPROVAL_TOOLS';
    if (options.mode === 'off') return undefined;
    const a = call.tool.annotations;
    if (a.readOnlyHint !== true && a.destructiveHint === true) return 'annotated destructive';
    return undefined;
  };
}

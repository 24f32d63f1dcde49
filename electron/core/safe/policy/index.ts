export { CONSORTIUM_POLICY } from './consortium-policy';
export { describeVerdict, evaluatePolicy, type PolicyInputs, policyTargets } from './evaluate';
export {
  POLICY_RULE_IDS,
  POLICY_STAGES,
  type PolicyRuleId,
  type PolicyStage,
  type PolicyVerdict,
  type PolicyViolation,
} from './verdict';

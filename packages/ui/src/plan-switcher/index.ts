export {
  PlanSwitcher,
  PlanSwitcherChoices,
  PlanSwitcherConfirm,
  PlanSwitcherPreview,
  type PlanSwitcherProps,
  PlanSwitcherScheduledChange,
  planSwitcherStatusMessage,
} from './plan-switcher.js';
export { ProrationPreview, type ProrationPreviewProps } from './proration-preview.js';
export {
  type PlanChangePreviewState,
  type PlanChangeState,
  type PlanSwitcherChoice,
  type PlanSwitcherOption,
  type PlanSwitcherPlanState,
  type UsePlanSwitcherOptions,
  type UsePlanSwitcherResult,
  usePlanSwitcher,
} from './use-plan-switcher.js';

export {
  PricingTable,
  PricingTableIntervalToggle,
  PricingTablePlanCard,
  type PricingTableProps,
  PricingTableSkeleton,
  PricingTableTiers,
} from './pricing-table.js';
export {
  type PlanSelection,
  type PlanState,
  type PricingTablePlanModel,
  type UsePricingTableOptions,
  type UsePricingTableResult,
  usePricingTable,
} from './use-pricing-table.js';

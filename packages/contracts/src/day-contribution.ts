/**
 * What one establishment-day contributes to its tenant's day, per (dimension, value): the rollup
 * rule computes the difference between two of these lists, the store reads and writes them.
 */
export interface DayContribution {
  dimension: string;
  value: string;
  school_day: boolean;
  in_service: number;
  active: number;
  active_measured: number;
  active_usage: number;
  active_presence: number;
  presence_active: number;
  judged_on_use: number;
  outage: boolean;
}

import { reportPlanStep } from './report.js';
import { verifyPlanStep } from './verify.js';
import type { PlanStep } from './plan-step-types.js';

export type { PlanStep, PlanStepInput, PlanStepResult } from './plan-step-types.js';

/** Steps `plan` runs by default: the access script (verify.ts), then the page (report.ts). */
export function defaultPlanSteps(): PlanStep[] {
  return [verifyPlanStep(), reportPlanStep()];
}

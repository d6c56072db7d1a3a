import type { Deal } from '../../functions/commons/sales-model.js';

/** Three Central agents and one West agent, with the products they sell. */
export const salesAgents = [
  { name: 'Ada Quist', manager: 'Mara Ellison', regionalOffice: 'Central' },
  { name: 'Bruno Tavel', manager: 'Mara Ellison', regionalOffice: 'Central' },
  { name: 'Celine Okafor', manager: 'Mara Ellison', regionalOffice: 'Central' },
  { name: 'Dmitri Vale', manager: 'Jonas Whitcombe', regionalOffice: 'West' },
];

export const products = [
  { name: 'GTX Basic', series: 'GTX', listPrice: 550 },
  { name: 'MG Special', series: 'MG', listPrice: 55 },
];

/** An open deal unless a stage is given. */
export function deal(
  id: string,
  salesAgent: string,
  product: string,
  accountId?: string,
  stage: Deal['stage'] = 'Engaging',
): Deal {
  return { id, salesAgent, product, accountId, stage };
}

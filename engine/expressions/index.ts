export {
  checkExpression,
  evaluateCondition,
  evaluateExpression,
  parseExpression,
  referencedIdentifiers,
  type Expression,
  type ExpressionCheck,
  type ExpressionNode,
  type Scope,
} from './evaluate.js';

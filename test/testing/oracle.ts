/**
 * The oracle: the reference classifier (a plain scan of the policy list) and a way to compare
 * decisions across classifiers. Decision ids are per classifier instance, so compare what they
 * mean: the deciding entry and the count-and-continue entries passed.
 */
import type { Classifier, Tuple } from '../../policy/index.js';

export { ReferenceClassifier, ReferenceClassifier as OracleClassifier } from '../../policy/index.js';

export interface DecisionMeaning {
  /** Index of the deciding entry in the policy list. */
  readonly rule: number;
  readonly continued: readonly number[];
}

export function decisionOf(classifier: Classifier, t: Tuple): DecisionMeaning {
  const id = classifier.classify(t);
  return { rule: classifier.decisionRule(id), continued: [...classifier.decisionContinued(id)] };
}

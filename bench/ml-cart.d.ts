// Minimal types for ml-cart 2 (it ships none); only what the benchmark calls.
declare module 'ml-cart' {
  export class DecisionTreeClassifier {
    constructor(options?: { gainFunction?: 'gini'; maxDepth?: number; minNumSamples?: number });
    train(x: number[][], y: number[]): void;
    predict(x: number[][]): number[];
  }
}

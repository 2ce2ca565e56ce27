namespace Aegis.Core.Embedding;

/// <summary>One t-SNE run with its diagnostics: the method used, the final cost, iterations and the checked costs.</summary>
internal sealed record TSneRun(double[] Embedding, TSneMethod Method, double KlDivergence, int Iterations, IReadOnlyList<(int Iteration, double Cost)> Costs);

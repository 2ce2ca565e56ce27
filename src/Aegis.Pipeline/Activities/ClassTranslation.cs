using Aegis.Core.Verdicts;
using Aegis.Pipeline.Workers;

namespace Aegis.Pipeline.Activities;

/// <summary>TranslateClass's result: the class's features blob, or the input error that rejected it (never retried).</summary>
public sealed record ClassTranslation(FeaturesRef? Features, ScanError? Error = null);

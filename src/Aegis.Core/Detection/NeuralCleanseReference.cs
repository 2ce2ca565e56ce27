using System.Security.Cryptography;
using System.Text.Json;
using Aegis.Core.Datasets;

namespace Aegis.Core.Detection;

/// <summary>
/// How large each class's reversed trigger is in clean models of one dataset, relative to the other
/// classes of the same model. The classes of a dataset differ by nature — in Fashion-MNIST a bag needs
/// about a third of the mask a sneaker needs, in every clean model measured — and that spread is what
/// hides a planted trigger among ten classes. Measured once per dataset on clean reference models
/// (shadow models, as in Xu et al.'s MNTD) with <c>aegis lab nc-reference</c>, it is subtracted before
/// the classes are compared, so a class is judged against its own natural size.
/// Those sizes also vary from one clean model to the next, and by how much depends on the class: some
/// batch-norm CNNs learn a bag's handle as a shortcut and need a third of the usual bag trigger, while a
/// sneaker's size barely moves. <see cref="ClassSpreads"/> measures that per class, so a class is judged
/// against its own natural variation, and the models of several architectures are pooled (their
/// <see cref="ReferenceModel.Family"/> records which) so the spreads include what an architecture changes.
/// </summary>
public sealed record NeuralCleanseReference
{
    public required string Name { get; init; }
    public required string Description { get; init; }
    public required int Classes { get; init; }
    /// <summary><see cref="Fingerprint"/> of the training data the reference models were trained on.</summary>
    public required string TrainingFingerprint { get; init; }
    public required IReadOnlyList<ReferenceModel> Models { get; init; }

    /// <summary>A mask can shrink to (almost) nothing; the floor keeps its log finite without moving any real mask.</summary>
    public const double MinimumNorm = 1e-3;

    /// <summary>Per class: the median over the reference models of log L1 − the model's median log L1.</summary>
    public double[] Offsets()
    {
        var centred = Models.Select(Centred).ToArray();
        return Enumerable.Range(0, Classes).Select(c => RobustZScore.Median(centred.Select(m => m[c]).ToArray())).ToArray();
    }

    private static double[] Centred(ReferenceModel model)
    {
        var logs = model.MaskL1.Select(v => Math.Log(v)).ToArray();
        double median = RobustZScore.Median(logs);
        return logs.Select(v => v - median).ToArray();
    }

    /// <summary>
    /// How far a clean model's class sizes stray from the reference: the robust standard deviation
    /// (1.4826 · MAD) of every reference model's log sizes relative to the offsets of the other models
    /// (leave one out), pooled over classes and models; 0 with a single model. A scan never measures its
    /// classes against a spread narrower than this, so a model whose sizes happen to sit unusually close
    /// to the reference cannot make an ordinary deviation look extreme.
    /// </summary>
    public double Spread()
    {
        var residuals = LeaveOneOutResiduals();
        return residuals.Length == 0 ? 0 : RobustSpread(residuals.SelectMany(r => r));
    }

    /// <summary>
    /// The same leave-one-out spread for each class on its own (0 with a single model): how much that
    /// class's size varies between clean models. A class that some clean models learn through a natural
    /// shortcut (Fashion-MNIST's bags, in batch-norm CNNs) has a wide one, so its small masks in such
    /// models are not taken for planted triggers.
    /// </summary>
    public double[] ClassSpreads()
    {
        var residuals = LeaveOneOutResiduals();
        return Enumerable.Range(0, Classes)
            .Select(c => residuals.Length == 0 ? 0 : RobustSpread(residuals.Select(r => r[c])))
            .ToArray();
    }

    /// <summary>Per reference model: its centred log sizes minus the offsets of the other models, re-centred on their median.</summary>
    private double[][] LeaveOneOutResiduals()
    {
        if (Models.Count < 2)
            return [];
        return Enumerable.Range(0, Models.Count).Select(held =>
        {
            var offsets = (this with { Models = Models.Where((_, i) => i != held).ToArray() }).Offsets();
            var centred = Centred(Models[held]);
            var residuals = Enumerable.Range(0, Classes).Select(c => centred[c] - offsets[c]).ToArray();
            double median = RobustZScore.Median(residuals);
            return residuals.Select(r => r - median).ToArray();
        }).ToArray();
    }

    private static double RobustSpread(IEnumerable<double> centredResiduals) =>
        RobustZScore.Median(centredResiduals.Select(Math.Abs).ToArray()) * RobustZScore.NormalConsistency;

    public void Validate()
    {
        if (Classes < 2 || Models.Count == 0 || string.IsNullOrWhiteSpace(TrainingFingerprint))
            throw new InvalidDataException($"Neural Cleanse reference '{Name}' needs at least two classes, one model and a training fingerprint.");
        foreach (var model in Models)
        {
            if (model.MaskL1.Count != Classes || model.MaskL1.Any(v => !double.IsFinite(v) || v <= 0))
                throw new InvalidDataException($"Neural Cleanse reference '{Name}': model '{model.Name}' needs {Classes} positive, finite mask norms.");
        }
    }

    /// <summary>SHA-256 of the image shape and the training labels in order: the same dataset files give the same fingerprint.</summary>
    public static string Fingerprint(ImageDataset training)
    {
        ArgumentNullException.ThrowIfNull(training);
        var bytes = new byte[(training.Labels.Length + 4) * sizeof(int)];
        var header = new[] { training.Channels, training.Height, training.Width, training.ClassCount };
        Buffer.BlockCopy(header, 0, bytes, 0, header.Length * sizeof(int));
        Buffer.BlockCopy(training.Labels, 0, bytes, header.Length * sizeof(int), training.Labels.Length * sizeof(int));
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    /// <summary>The built-in reference measured on this training data, if there is one.</summary>
    public static NeuralCleanseReference? For(ImageDataset training) => For(Fingerprint(training), training.ClassCount);

    /// <summary>The built-in reference for a training-data <see cref="Fingerprint"/> taken elsewhere (the scan's sandbox), if there is one.</summary>
    public static NeuralCleanseReference? For(string fingerprint, int classes) =>
        BuiltIn.Value.FirstOrDefault(r => r.TrainingFingerprint == fingerprint && r.Classes == classes);

    public static NeuralCleanseReference Read(Stream json, string source)
    {
        var reference = JsonSerializer.Deserialize<NeuralCleanseReference>(json, JsonOptions)
            ?? throw new InvalidDataException($"{source}: empty Neural Cleanse reference.");
        reference.Validate();
        return reference;
    }

    public static string Serialize(NeuralCleanseReference reference) => JsonSerializer.Serialize(reference, JsonOptions);

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private static readonly Lazy<IReadOnlyList<NeuralCleanseReference>> BuiltIn = new(() =>
    {
        var assembly = typeof(NeuralCleanseReference).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.Contains(".NeuralCleanseReferences.", StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
            .Select(n =>
            {
                using var stream = assembly.GetManifestResourceStream(n)!;
                return Read(stream, n);
            }).ToArray();
    });
}

/// <summary>One reference model's mask L1 norm per class, and its family (the lab architecture it was trained with; informational).</summary>
public sealed record ReferenceModel(string Name, IReadOnlyList<double> MaskL1, string? Family = null);

using Aegis.Sandbox.Operations;

namespace Aegis.Sandbox.Child.Operations;

/// <summary>Steps 1–2 of AEGIS for one label; the arrays go back as files.</summary>
public sealed class ClassFeaturesOperation : SandboxOperation<ClassFeaturesRequest, ClassFeaturesResult>
{
    public override string Name => OperationNames.ClassFeatures;

    public override ClassFeaturesResult Run(ClassFeaturesRequest request, SandboxContext context)
    {
        var model = context.RequireModel();
        var features = context.SourceFor(request.Parameters).GetClassFeaturesAsync(request.Label, context.Progress).GetAwaiter().GetResult();
        int size = model.InputShape.Size, dimension = model.FeatureDimension;
        return new ClassFeaturesResult(
            context.WriteArray("translated", features.Translated.Data, features.Translated.Rows, dimension),
            context.WriteArray("clean", features.Clean.Data, features.Clean.Rows, dimension),
            context.WriteArray("translated-images", features.TranslatedImages, features.Translated.Rows, size),
            context.WriteArray("clean-images", features.CleanImages, features.Clean.Rows, size),
            context.WriteArray("centroids", features.ClassCentroids!.Data, model.ClassCount, dimension),
            context.WriteArray("seed-labels", features.SeedLabels, features.SeedLabels.Length),
            features.TranslationSuccess, features.TranslationSeconds, features.FeatureSeconds);
    }
}

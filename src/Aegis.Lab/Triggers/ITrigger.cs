using static TorchSharp.torch;

namespace Aegis.Lab.Triggers;

/// <summary>Stamps a backdoor trigger onto images.</summary>
public interface ITrigger
{
    TriggerSpec Spec { get; }

    /// <summary>Returns triggered copies of float NCHW images in [0,1]; the result stays in [0,1].</summary>
    Tensor Apply(Tensor images);
}

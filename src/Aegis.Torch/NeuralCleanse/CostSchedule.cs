using Aegis.Core.Detection;

namespace Aegis.Torch.NeuralCleanse;

/// <summary>
/// One class's cost (λ) adaptation, best-mask bookkeeping and early stop, as the published
/// Neural Cleanse does it once per epoch: keep the smallest mask norm among epochs with enough
/// attack success; raise λ after <c>Patience</c> successful epochs in a row, lower it after as many
/// failed ones; stop once λ has moved both ways and the best norm has stalled.
/// </summary>
internal sealed class CostSchedule(NeuralCleanseParameters options)
{
    private readonly double _up = options.CostMultiplier;
    private readonly double _down = Math.Pow(options.CostMultiplier, 1.5);
    private int _upCounter;
    private int _downCounter;
    private bool _wentUp;
    private bool _wentDown;
    private double _earlyStopBest = double.PositiveInfinity;
    private int _earlyStopCounter;

    public double Cost { get; private set; } = options.InitialCost;
    public double BestNorm { get; private set; } = double.PositiveInfinity;
    public int Epochs { get; private set; }

    /// <summary>Takes one epoch's mean attack success and mask norm; says whether its mask is the new best and whether to stop.</summary>
    public (bool Improved, bool Stop) Update(double attackSuccess, double maskNorm)
    {
        Epochs++;
        bool successful = attackSuccess >= options.AttackSuccessThreshold;
        bool improved = successful && maskNorm < BestNorm;
        if (improved)
            BestNorm = maskNorm;

        if (!double.IsPositiveInfinity(BestNorm))
            _earlyStopCounter = BestNorm >= options.EarlyStopThreshold * _earlyStopBest ? _earlyStopCounter + 1 : 0;
        _earlyStopBest = Math.Min(_earlyStopBest, BestNorm);
        bool stop = _wentUp && _wentDown && _earlyStopCounter >= options.EarlyStopPatience;

        if (successful)
        {
            _upCounter++;
            _downCounter = 0;
        }
        else
        {
            _upCounter = 0;
            _downCounter++;
        }
        if (_upCounter >= options.Patience)
        {
            _upCounter = 0;
            Cost *= _up;
            _wentUp = true;
        }
        else if (_downCounter >= options.Patience)
        {
            _downCounter = 0;
            Cost /= _down;
            _wentDown = true;
        }
        return (improved, stop);
    }
}

namespace Cluster.Controllers.Scheduling.Framework;

/// <summary>Upstream's DefaultNormalizeScore: scale to 0..100 by the highest score, optionally reversed (fewer is better).</summary>
public static class ScoreNormalization
{
    public const long MaxNodeScore = 100;

    public static void Default(Span<long> scores, bool reverse)
    {
        long max = 0;
        foreach (var s in scores) max = Math.Max(max, s);
        if (max == 0)
        {
            if (reverse) scores.Fill(MaxNodeScore);
            return;
        }
        for (var i = 0; i < scores.Length; i++)
        {
            var score = MaxNodeScore * scores[i] / max;
            scores[i] = reverse ? MaxNodeScore - score : score;
        }
    }
}

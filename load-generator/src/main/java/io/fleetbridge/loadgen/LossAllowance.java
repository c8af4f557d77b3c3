package io.fleetbridge.loadgen;

/**
 * How much loss (missing plus corrupted messages) a run tolerates before it fails: an absolute
 * count ({@code 10}) or a share of the messages sent ({@code 0.5%}).
 *
 * <p>Immutable.
 */
public final class LossAllowance
{
    public static final LossAllowance NONE = new LossAllowance(0, false, "0");

    private final double value;
    private final boolean percent;
    private final String text;

    private LossAllowance(final double value, final boolean percent, final String text)
    {
        this.value = value;
        this.percent = percent;
        this.text = text;
    }

    public static LossAllowance parse(final String text)
    {
        final String t = text.trim();
        final boolean percent = t.endsWith("%");
        final double value;
        try
        {
            value = Double.parseDouble(percent ? t.substring(0, t.length() - 1).trim() : t);
        }
        catch (final NumberFormatException e)
        {
            throw new IllegalArgumentException("allowed loss must be a count (10) or a percentage (0.5%), not '" + text + "'", e);
        }
        if (!(value >= 0) || (!percent && value != Math.floor(value)))
        {
            throw new IllegalArgumentException("allowed loss must be a whole count or a percentage >= 0, not '" + text + "'");
        }
        return new LossAllowance(value, percent, t);
    }

    /** The most lost messages tolerated out of {@code sent}. */
    public long allowed(final long sent)
    {
        return percent ? (long)Math.floor(sent * value / 100.0) : (long)value;
    }

    @Override
    public String toString()
    {
        return text;
    }
}

package betterbot.signals.detection.internal;

import betterbot.signals.Details;
import betterbot.signals.RecommendedAction;
import betterbot.signals.SignalType;
import betterbot.signals.Source;
import betterbot.signals.detection.DetectionConfig;
import betterbot.signals.market.Market;
import java.time.Instant;
import java.util.List;

/**
 * {@code volume_spike}: an open market whose 24 h volume is at least {@code VOLUME_SPIKE_RATIO} × its own daily
 * average and at least {@code VOLUME_SPIKE_MIN_USD}. The daily average is the 1-week volume over the days the
 * market has existed, at most 7: {@code volume1wk / min(7, age in days)}, the age counted from {@code startDate}
 * (else {@code createdAt}) to the capture. A market younger than {@link #MIN_AGE_DAYS} days, or of unknown age,
 * has no baseline and gives no spike: for a market younger than a week the 1-week volume is its whole life's, so
 * dividing it by 7 would make every new market a "spike". One signal per market and UTC day.
 */
final class VolumeSpikeDetector implements MarketDetector {
    /** Youngest market with a baseline: a day's volume against one earlier day at least. */
    static final double MIN_AGE_DAYS = 2;
    private static final double MILLIS_PER_DAY = 86_400_000.0;

    private final DetectionConfig config;

    VolumeSpikeDetector(DetectionConfig config) {
        this.config = config;
    }

    @Override
    public String name() {
        return SignalType.VOLUME_SPIKE;
    }

    @Override
    public void onMarket(Market m, Instant capturedAt, List<Detection> out) {
        Double day = m.volume24h();
        Double week = m.volume1wk();
        if (!m.isOpen() || day == null || week == null || week <= 0 || day < config.volumeSpikeMinUsd()) {
            return;
        }
        if (m.startDate() == null) {
            return;
        }
        double ageDays = (capturedAt.toEpochMilli() - m.startDate().toEpochMilli()) / MILLIS_PER_DAY;
        if (ageDays < MIN_AGE_DAYS) {
            return;
        }
        double baseline = week / Math.min(7, ageDays);
        double ratio = Figures.exact(day / baseline);
        if (ratio < config.volumeSpikeRatio()) {
            return;
        }
        Details details = Details.builder()
                .conditionId(m.conditionId())
                .marketTitle(m.title())
                .volume24h(day)
                .liquidity(m.liquidity())
                .recommendedAction(RecommendedAction.WATCH)
                .expiryTime(m.endDate())
                .eventTime(capturedAt)
                .build();
        out.add(new Detection("volume_spike:" + m.conditionId() + ':' + SignalIds.day(capturedAt),
                new SignalType.VolumeSpike(day, Figures.usd(baseline), Figures.shown(ratio)), m.slugOrId(),
                Figures.shown(Math.min(0.95, 0.6 + ratio / 20)), details, Source.POLYMARKET));
    }
}

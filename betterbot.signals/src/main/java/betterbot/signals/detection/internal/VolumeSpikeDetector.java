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
 * {@code volume_spike}: an open market whose 24 h volume is at least {@code VOLUME_SPIKE_RATIO} × its daily
 * average over the last week (1-week volume / 7) and at least {@code VOLUME_SPIKE_MIN_USD}. A market without a
 * week's volume has no baseline and is skipped. One signal per market and UTC day.
 */
final class VolumeSpikeDetector implements MarketDetector {
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
        double baseline = week / 7;
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

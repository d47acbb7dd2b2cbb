package betterbot.signals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class SignalJsonTest {
    private static final Instant DETECTED = Instant.parse("2026-11-24T12:00:00.123Z");

    static Stream<SignalType> everyType() {
        return Stream.of(
                new SignalType.WhaleTrade("0xabc", 48_000.5, 80_000, 0.6000625),
                new SignalType.WhaleCluster(3, List.of("0xa", "0xb", "0xc"), 61_000, Side.BUY, "No", 60),
                new SignalType.TrackedWalletEntry("0xdef", "insider_7", 1_250, 2_500, 0.5),
                new SignalType.PriceDeviation(3, 0.94, null, 0.06, 0.041, 1_200),
                new SignalType.PriceDeviation(2, null, 1.04, 0.04, 0.021, 300),
                new SignalType.ExpiryEdge(1.5, "Yes", 0.88),
                new SignalType.VolumeSpike(120_000, 20_000, 6.0),
                new SignalType.WideSpread("Yes", 0.30, 0.50, 0.20));
    }

    static Signal signalOf(SignalType type) {
        Details details = Details.builder()
                .conditionId("0xcond").marketTitle("Will it rain?").outcome("Yes").outcomeIndex(0)
                .assetId("1234567890").side(Side.BUY).currentPrice(0.62).volume24h(150_000.0)
                .liquidity(40_000.0).recommendedAction(RecommendedAction.FOLLOW_BUY).recommendedSizeUsd(250.0)
                .expiryTime(Instant.parse("2026-12-01T00:00:00Z")).eventTime(Instant.parse("2026-11-24T11:59:58Z"))
                .wallet("0xABC").walletLabel("world_class")
                .legs(List.of(new Leg("a-wins", "Yes", "111", 0.31, 500), new Leg("b-wins", "Yes", "222", 0.63, 900)))
                .takerFeeRate(0.02).feeRateAssumed(true)
                .winProbability(0.75).probabilitySource(ProbabilitySource.PRIOR).probabilitySampleSize(0)
                .build();
        return new Signal(type.name() + ":key", type, "will-it-rain", 0.75, RiskLevel.MEDIUM, details, DETECTED,
                Source.POLYMARKET);
    }

    @ParameterizedTest
    @MethodSource("everyType")
    void everySignalTypeRoundTripsLosslessly(SignalType type) {
        Signal signal = signalOf(type);
        assertEquals(signal, SignalJson.decode(SignalJson.encode(signal)));
        StoredSignal stored = StoredSignal.of(42, signal);
        assertEquals(signal, stored.toSignal());
        assertEquals(signal, SignalJson.decode(stored.toJson()));
    }

    @ParameterizedTest
    @MethodSource("everyType")
    void signalTypeIsATaggedUnionInSnakeCase(SignalType type) throws Exception {
        JsonNode node = SignalJson.mapper().readTree(SignalJson.encodeType(type));
        assertEquals(type.name(), node.get("type").asText());
        node.fieldNames().forEachRemaining(f -> assertEquals(f.toLowerCase(), f, "field " + f + " is snake_case"));
        node.fieldNames().forEachRemaining(f -> assertFalse(f.matches(".*[A-Z].*"), f));
    }

    @Test
    void wireFormMatchesTheContract() throws Exception {
        Signal signal = signalOf(new SignalType.VolumeSpike(120_000, 20_000, 6.0));
        JsonNode node = SignalJson.mapper().readTree(StoredSignal.of(7, signal).toJson());
        assertEquals("volume_spike:key", node.get("id").asText());
        assertEquals(7, node.get("seq").asLong());
        assertEquals("volume_spike", node.at("/signal_type/type").asText());
        assertEquals(120_000, node.at("/signal_type/volume_24h").asDouble());
        assertEquals(20_000, node.at("/signal_type/baseline_daily_volume").asDouble());
        assertEquals("will-it-rain", node.get("market_slug").asText());
        assertEquals("medium", node.get("risk_level").asText());
        assertEquals("polymarket", node.get("source").asText());
        assertEquals("2026-11-24T12:00:00.123Z", node.get("detected_at").asText());
        JsonNode d = node.get("details");
        assertEquals("0xcond", d.get("condition_id").asText());
        assertEquals(150_000, d.get("volume_24h").asDouble());
        assertEquals("FOLLOW_BUY", d.get("recommended_action").asText());
        assertEquals(250.0, d.get("recommended_size_usd").asDouble());
        assertEquals("2026-11-24T11:59:58.000Z", d.get("event_time").asText());
        assertEquals("0xabc", d.get("wallet").asText(), "wallets are lower case");
        assertEquals("b-wins", d.at("/legs/1/market_slug").asText());
        assertEquals(0.75, d.get("win_probability").asDouble());
        assertEquals("prior", d.get("probability_source").asText());
        assertEquals(0, d.get("probability_sample_size").asInt());
    }

    @Test
    void aCalibratedProbabilitySourceRoundTrips() {
        Signal signal = signalOf(new SignalType.WhaleTrade("0xabc", 48_000, 80_000, 0.6));
        Signal calibrated = signal.withDetails(signal.details().toBuilder().winProbability(0.7)
                .probabilitySource(ProbabilitySource.CALIBRATED).probabilitySampleSize(40).build());
        String json = SignalJson.encode(calibrated);
        assertTrue(json.contains("\"probability_source\":\"calibrated\""), json);
        assertEquals(calibrated, SignalJson.decode(json));
    }

    @Test
    void unknownDetailsAreAbsentNotPlaceholders() throws Exception {
        Signal signal = new Signal("x", new SignalType.ExpiryEdge(1, "Yes", 0.9), "m", 0.9, RiskLevel.LOW,
                Details.builder().conditionId("c").build(), DETECTED, Source.POLYMARKET);
        JsonNode d = SignalJson.mapper().readTree(StoredSignal.of(1, signal).toJson()).get("details");
        assertEquals(1, d.size(), d.toString());
        assertTrue(d.has("condition_id"));
    }

    @Test
    void unknownFieldsFromANewerVersionAreIgnored() {
        String json = "{\"id\":\"a\",\"signal_type\":{\"type\":\"wide_spread\",\"outcome\":\"Yes\",\"best_bid\":0.1,"
                + "\"best_ask\":0.4,\"spread\":0.3,\"future\":1},\"market_slug\":\"m\",\"confidence\":0.6,"
                + "\"risk_level\":\"medium\",\"details\":{\"new_field\":true},\"detected_at\":\"2026-11-24T12:00:00Z\","
                + "\"source\":\"polymarket\"}";
        Signal s = SignalJson.decode(json);
        assertEquals(new SignalType.WideSpread("Yes", 0.1, 0.4, 0.3), s.signalType());
    }

    @Test
    void anUnknownSignalTypeIsRejectedWithAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SignalJson.decodeType("{\"type\":\"moon_landing\"}"));
        assertTrue(e.getMessage().contains("moon_landing"), e.getMessage());
        assertFalse(SignalType.isKnown("moon_landing"));
        SignalType.NAMES.forEach(n -> assertTrue(SignalType.isKnown(n)));
    }

    @Test
    void confidenceOutsideZeroToOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Signal("x", new SignalType.ExpiryEdge(1, "Yes", 0.9),
                "m", 1.2, RiskLevel.LOW, null, DETECTED, Source.POLYMARKET));
        assertThrows(IllegalArgumentException.class, () -> new Signal("x", new SignalType.ExpiryEdge(1, "Yes", 0.9),
                "m", Double.NaN, RiskLevel.LOW, null, DETECTED, Source.POLYMARKET));
    }
}

package io.fleetbridge.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.fleetbridge.adapter.SharedSchemas;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AgeAdvisoryTest
{
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static AgeAdvisory timeout()
    {
        return new AgeAdvisory(AdvisoryEvent.TIMEOUT, "web1.example.net", 1_764_000_000_400L, 61_499L, 1_764_000_061_899L,
            1_764_000_000_400L);
    }

    @Test
    void shouldWriteTheReplicatorsKeysInItsOrderWithIntegerSecondsAndTheDerivedId()
    {
        final AgeAdvisory advisory = timeout();
        final String json = new String(advisory.json("sender", "fleetbridge-a"), StandardCharsets.UTF_8);
        assertEquals("{\"protocol\":\"io.choria.sr.v2.age_advisory\",\"event_id\":\"" + advisory.eventId()
            + "\",\"inspect_field\":\"sender\",\"age\":61,\"seen\":1764000000,\"replicator\":\"fleetbridge-a\","
            + "\"timestamp\":1764000061,\"event\":\"timeout\",\"value\":\"web1.example.net\"}", json);
    }

    @Test
    void shouldRoundTheAgeHalfAwayFromZeroAsGoDoes()
    {
        assertEquals(62, new AgeAdvisory(AdvisoryEvent.TIMEOUT, "n", 0, 61_500, 0, 0).ageSeconds());
        assertEquals(61, new AgeAdvisory(AdvisoryEvent.TIMEOUT, "n", 0, 61_499, 0, 0).ageSeconds());
        assertEquals(0, new AgeAdvisory(AdvisoryEvent.NEW, "n", 0, 0, 0, 0).ageSeconds());
    }

    @Test
    void shouldDeriveTheIdFromNodeEventAndCauseOnly()
    {
        final AgeAdvisory a = timeout();
        final AgeAdvisory laterAndElsewhere = new AgeAdvisory(a.event(), a.node(), a.seenMs(), 99_000, 1_764_000_099_000L, a.causeSeenMs());
        assertEquals(a.eventId(), laterAndElsewhere.eventId());
        assertNotEquals(a.eventId(), new AgeAdvisory(AdvisoryEvent.EXPIRE, a.node(), a.seenMs(), 0, 0, a.causeSeenMs()).eventId());
        assertNotEquals(a.eventId(), new AgeAdvisory(a.event(), "web2.example.net", a.seenMs(), 0, 0, a.causeSeenMs()).eventId());
        assertNotEquals(a.eventId(), new AgeAdvisory(a.event(), a.node(), a.seenMs(), 0, 0, a.causeSeenMs() + 1).eventId());
    }

    @Test
    void shouldFillTheSubjectWithTheEventAndTheNode()
    {
        assertEquals("fleet.advisory.timeout.web1.example.net", timeout().subject("fleet.advisory.%s.%v"));
        assertEquals("NODE_ADVISORIES", timeout().subject("NODE_ADVISORIES"));
    }

    @Test
    void shouldEscapeQuotesAndControlCharactersInText() throws IOException
    {
        final String json = new String(new AgeAdvisory(AdvisoryEvent.NEW, "n", 0, 0, 0, 0).json("sen\"der", "a\nb"),
            StandardCharsets.UTF_8);
        assertEquals("sen\"der", MAPPER.readTree(json).path("inspect_field").asText());
        assertEquals("a\nb", MAPPER.readTree(json).path("replicator").asText());
    }

    @ParameterizedTest
    @EnumSource(AdvisoryEvent.class)
    void shouldMatchChoriasAgeAdvisorySchema(final AdvisoryEvent event) throws IOException
    {
        final Path schemas = SharedSchemas.directory();
        Assumptions.assumeTrue(schemas != null, "no shared/choria-schemas beside the repository: schema check skipped");
        final JsonNode schema = MAPPER.readTree(schemas.resolve("sr/v2/age_advisory.json").toFile());
        final AgeAdvisory advisory = new AgeAdvisory(event, "web1.example.net", 1_764_000_000_000L, 12_345, 1_764_000_012_345L,
            1_764_000_000_000L);
        final Set<String> problems = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(schema)
            .validate(MAPPER.readTree(advisory.json("sender", "fleetbridge"))).stream()
            .map(ValidationMessage::toString).collect(Collectors.toSet());
        assertEquals(Set.of(), problems);
    }
}

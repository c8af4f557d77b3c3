package io.fleetbridge.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.fleetbridge.adapter.ChoriaMessage.Form;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Checks that the test vectors are the documents Choria publishes, against Choria's own JSON
 * schemas where a checkout of them sits beside the repository ({@code ../shared/choria-schemas}).
 * A plain clone has no such folder; the test is then skipped. The output envelope is not
 * checked against its schema on purpose: that schema types {@code time} as an integer, while the
 * Go adapter and its consumers use the RFC 3339 string (PROTOCOL.md).
 */
class ChoriaSchemaTest
{
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static Set<String> validate(final Path schemas, final String schema, final String document) throws IOException
    {
        final JsonNode schemaNode = MAPPER.readTree(schemas.resolve(schema).toFile());
        final String draft = schemaNode.path("$schema").asText();
        final SpecVersion.VersionFlag version = draft.contains("draft-04") ? SpecVersion.VersionFlag.V4 : SpecVersion.VersionFlag.V7;
        final JsonSchema validator = JsonSchemaFactory.getInstance(version).getSchema(schemaNode);
        return validator.validate(MAPPER.readTree(document)).stream().map(ValidationMessage::toString).collect(Collectors.toSet());
    }

    @ParameterizedTest
    @EnumSource(Form.class)
    void shouldBuildVectorsThatMatchChoriaSchemas(final Form form) throws IOException
    {
        final Path schemas = SharedSchemas.directory();
        Assumptions.assumeTrue(schemas != null, "no shared/choria-schemas beside the repository: schema check skipped");
        final ChoriaMessage m = ChoriaMessage.of(form);
        final boolean request = form == Form.V1_REQUEST || form == Form.V2_REQUEST;
        final String dir = m.v1() ? "protocol/v1/" : "protocol/v2/";
        assertEquals(Set.of(), validate(schemas, dir + "transport.json", m.transportJson()));
        assertEquals(Set.of(), validate(schemas, dir + (request ? "secure_request.json" : "secure_reply.json"), m.secureJson()));
        final Set<String> inner = validate(schemas, dir + (request ? "request.json" : "reply.json"), m.innerJson());
        if (form == Form.V2_REPLY)
        {
            // the published v2 reply schema says "const": "io.choria.protocol.v2.request" for the
            // protocol, an upstream slip; every other member must still validate
            assertEquals(1, inner.size(), inner.toString());
            assertTrue(inner.iterator().next().contains("protocol"), inner.toString());
        }
        else
        {
            assertEquals(Set.of(), inner);
        }
    }
}

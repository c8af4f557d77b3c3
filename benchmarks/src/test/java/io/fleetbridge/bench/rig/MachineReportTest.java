package io.fleetbridge.bench.rig;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MachineReportTest
{
    @Test
    void shouldReadTheServersGomaxprocsFromVarzAsTheServerWritesIt()
    {
        // nats-server indents /varz and puts a space after each colon
        final String varz = "{\n  \"server_id\": \"NABC\",\n  \"cores\": 2,\n  \"gomaxprocs\": 1,\n  \"mem\": 123\n}";

        assertEquals("1", MachineReport.jsonNumber(varz, "gomaxprocs"));
        assertEquals("2", MachineReport.jsonNumber(varz, "cores"));
        assertEquals("12", MachineReport.jsonNumber("{\"gomaxprocs\":12}", "gomaxprocs"));
    }

    @Test
    void shouldSayUnknownWhenTheServerDidNotAnswerOrTheFieldIsMissing()
    {
        assertEquals("unknown", MachineReport.jsonNumber(null, "gomaxprocs"));
        assertEquals("unknown", MachineReport.jsonNumber("{\"cores\": 2}", "gomaxprocs"));
        assertEquals("unknown", MachineReport.jsonNumber("{\"gomaxprocs\": \"x\"}", "gomaxprocs"));
    }
}

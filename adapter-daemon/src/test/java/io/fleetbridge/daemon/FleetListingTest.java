package io.fleetbridge.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.fleetbridge.fleet.FleetSettings;
import io.fleetbridge.fleet.FleetSnapshot;

/** The fleet's silent nodes, listed by the command and the page: the "more" lines count what was left out. */
class FleetListingTest
{
    private static final long NOW = 1_764_000_000_000L;

    private static FleetSnapshot silent(final int listed, final long late)
    {
        final List<FleetSnapshot.Node> nodes = new ArrayList<>();
        for (int i = 0; i < listed; i++)
        {
            nodes.add(new FleetSnapshot.Node("n" + i + ".example.net", "late", NOW - 3_600_000, NOW - 7_200_000, 100));
        }
        return new FleetSnapshot(NOW, true, 0, 0, 0, late, 0, 0, 1, new long[1], nodes, 0);
    }

    @Test
    void shouldSayHowManyMoreWhenTheViewListsFewerThanTheLimitAsks()
    {
        final ByteArrayOutputStream text = new ByteArrayOutputStream();
        FleetCommand.summary(new PrintStream(text, true, StandardCharsets.UTF_8), "reg", "NODE_METADATA",
            new FleetSettings(60_000, 120_000, 1_000, "", 16), silent(FleetSnapshot.MAX_LISTED, 5_000), 10, 2_000);
        final String out = text.toString(StandardCharsets.UTF_8);
        assertEquals(FleetSnapshot.MAX_LISTED, out.lines().filter(line -> line.contains(".example.net")).count());
        assertTrue(out.contains("... 4000 more (the view lists the 1000 oldest)"), out);
    }

    /** The stream may hold a name the Go adapter stored unchecked: its escape sequences must not reach the terminal. */
    @Test
    void shouldNotWriteControlCharactersOfANodeNameToTheTerminal()
    {
        final FleetSnapshot snapshot = new FleetSnapshot(NOW, true, 0, 0, 0, 1, 0, 0, 1, new long[1],
            List.of(new FleetSnapshot.Node("evil\u001b[2J\u001b]0;owned\u0007.example.net", "late", NOW - 3_600_000, NOW - 7_200_000, 1)), 0);
        final ByteArrayOutputStream text = new ByteArrayOutputStream();
        FleetCommand.summary(new PrintStream(text, true, StandardCharsets.UTF_8), "reg", "NODE_METADATA",
            new FleetSettings(60_000, 120_000, 1_000, "", 16), snapshot, 10, 2_000);
        final String out = text.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("evil\\u001b[2J\\u001b]0;owned\\u0007.example.net"), out);
        assertTrue(out.chars().noneMatch(c -> c == 0x1b || c == 0x07), out);
        assertEquals("n1.example.net", FleetCommand.printable("n1.example.net"));
    }

    @Test
    void shouldNoteThePageShowsFiftyOfFiftyOne()
    {
        final StringBuilder page = new StringBuilder();
        FleetPage.listed(page, silent(51, 51), NOW);
        assertEquals(FleetPage.LISTED_ON_PAGE, page.toString().split("<tr><td>", -1).length - 1);
        assertTrue(page.toString().contains(FleetPage.LISTED_ON_PAGE + " of 51 shown"), page.toString());
    }
}

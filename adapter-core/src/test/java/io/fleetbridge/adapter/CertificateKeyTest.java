package io.fleetbridge.adapter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.fleetbridge.testsupport.CertificateAuthority;

/** The key a validated chain is cached under: the same for every spelling, and only ever the chain's own encodings. */
class CertificateKeyTest
{
    private static CertificateAuthority ca;
    private static CertificateAuthority.Issued node;

    @BeforeAll
    static void certificates()
    {
        ca = CertificateAuthority.create("fleet CA");
        node = ca.issue("dev1.example.net");
    }

    @Test
    void shouldIgnoreTextAroundAndBetweenBlocksAndOutsideTheAlphabetInThem()
    {
        final byte[] clean = key(node.certificatePem() + ca.certificatePem());
        final byte[] spelt = key("Bag Attributes: friendly\n" + node.certificatePem().replace("\n", "\r\n ")
            + "between the blocks\n" + ca.certificatePem() + "and after\n");
        assertArrayEquals(clean, spelt);
        assertEquals(2, new String(clean, StandardCharsets.US_ASCII).split("\\.").length, "two blocks, one separator");
    }

    @Test
    void shouldHaveNoKeyWithoutAWholeBlock()
    {
        assertEquals(0, key("not a certificate at all").length);
        assertEquals(0, key("-----BEGIN CERTIFICATE-----\nMIIB").length);
    }

    @Test
    void shouldStandOnlyForExactlyTheChainItWasValidatedAs()
    {
        final X509Certificate leaf = node.certificate();
        final byte[] leafOnly = key(node.certificatePem());
        final byte[] withCa = key(node.certificatePem() + ca.certificatePem());

        assertTrue(CertificateKey.matches(List.of(leaf), leafOnly, leafOnly.length));
        assertTrue(CertificateKey.matches(List.of(leaf, ca.certificate()), withCa, withCa.length));
        assertFalse(CertificateKey.matches(List.of(leaf), withCa, withCa.length), "a block more than the chain");
        assertFalse(CertificateKey.matches(List.of(leaf, ca.certificate()), leafOnly, leafOnly.length), "a block fewer");
        assertFalse(CertificateKey.matches(List.of(ca.certificate()), leafOnly, leafOnly.length), "another certificate");
        assertFalse(CertificateKey.matches(List.of(leaf), leafOnly, leafOnly.length - 1), "cut short");
    }

    private static byte[] key(final String pem)
    {
        final byte[] text = pem.getBytes(StandardCharsets.US_ASCII);
        final ScratchBuffer out = new ScratchBuffer(16);
        final int length = CertificateKey.of(text, 0, text.length, out); // first: it may grow the buffer
        return Arrays.copyOf(out.bytes(), length);
    }
}

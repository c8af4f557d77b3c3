package io.fleetbridge.loadgen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;

/**
 * The RSA key and certificate that signed v1 requests carry ({@code signature} and
 * {@code pubcert} of {@code choria:secure:request:1}): generated for the run, or read from a
 * PKCS#8 PEM key and a PEM certificate.
 *
 * <p>Signing is slow (about a millisecond for RSA-2048), so by default the generator signs once per
 * payload template at start, not per message; {@code --sign-each} signs every message, for an
 * adapter that verifies signatures, at the cost of rate. See {@code FleetMessages}. {@link #signBase64} is safe from
 * any thread (it makes its own {@link Signature}).
 */
final class SigningIdentity
{
    private final PrivateKey key;
    private final String certificatePem;

    private SigningIdentity(final PrivateKey key, final String certificatePem)
    {
        this.key = key;
        this.certificatePem = certificatePem;
    }

    static SigningIdentity generate(final String commonName) throws GeneralSecurityException
    {
        final KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        final KeyPair keys = generator.generateKeyPair();
        return new SigningIdentity(keys.getPrivate(),
            SelfSignedCertificate.pem(SelfSignedCertificate.der(keys, commonName, Instant.now())));
    }

    static SigningIdentity load(final Path keyPem, final Path certificatePem) throws IOException, GeneralSecurityException
    {
        final String text = Files.readString(keyPem, StandardCharsets.US_ASCII);
        if (!text.contains("-----BEGIN PRIVATE KEY-----"))
        {
            throw new GeneralSecurityException(keyPem + ": expected an unencrypted PKCS#8 PEM key (BEGIN PRIVATE KEY);"
                + " convert with: openssl pkcs8 -topk8 -nocrypt");
        }
        final String body = text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        final PrivateKey key = KeyFactory.getInstance("RSA")
            .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
        return new SigningIdentity(key, Files.readString(certificatePem, StandardCharsets.US_ASCII));
    }

    String certificatePem()
    {
        return certificatePem;
    }

    /** A signer ready to sign with the key; one per thread ({@link Signature} is not thread safe). */
    Signature newSignature() throws GeneralSecurityException
    {
        final Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(key);
        return signer;
    }

    /** The key as unencrypted PKCS#8 PEM, the form {@link #load} reads. */
    String keyPem()
    {
        return "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
            + "\n-----END PRIVATE KEY-----\n";
    }

    /** Base64 of the RSA PKCS#1 v1.5 SHA-256 signature over {@code data}. */
    String signBase64(final byte[] data) throws GeneralSecurityException
    {
        final Signature signer = newSignature();
        signer.update(data);
        return Base64.getEncoder().encodeToString(signer.sign());
    }
}

package io.fleetbridge.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import io.nats.client.NKey;

/**
 * A NATS operator for tests of decentralised (JWT) authentication: an operator, one account
 * with JetStream enabled, and users of that account with their credentials files, all signed
 * here with jnats's {@link NKey}, plus the system account JetStream needs, so no {@code nsc} tool is needed.
 *
 * <p>{@link #serverConfig()} is the fragment that makes a {@code nats-server} trust the operator
 * and preload the account (memory resolver); hand it to {@code NatsServer.builder().extraConfig}.
 * Not thread safe.
 */
public final class NatsOperator
{
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private final NKey operator;
    private final NKey account;
    private final NKey system;
    private final String operatorJwt;
    private final String accountJwt;
    private final String systemJwt;

    private NatsOperator(final NKey operator, final NKey account, final NKey system)
    {
        this.operator = operator;
        this.account = account;
        this.system = system;
        // JetStream needs a system account for its internal subscriptions
        this.systemJwt = jwt(operator, publicKey(system), "SYS",
            "{\"limits\":{\"subs\":-1,\"data\":-1,\"payload\":-1,\"imports\":-1,\"exports\":-1,\"wildcards\":true," +
                "\"conn\":-1,\"leaf\":-1},\"type\":\"account\",\"version\":2}");
        final String operatorKey = publicKey(operator);
        final String accountKey = publicKey(account);
        this.operatorJwt = jwt(operator, operatorKey, "test-operator",
            "{\"system_account\":\"" + publicKey(system) + "\",\"type\":\"operator\",\"version\":2}");
        this.accountJwt = jwt(operator, accountKey, "test-account",
            "{\"limits\":{\"subs\":-1,\"data\":-1,\"payload\":-1,\"imports\":-1,\"exports\":-1,\"wildcards\":true," +
                "\"conn\":-1,\"leaf\":-1,\"mem_storage\":-1,\"disk_storage\":-1,\"streams\":-1,\"consumer\":-1}," +
                "\"default_permissions\":{\"pub\":{},\"sub\":{}},\"type\":\"account\",\"version\":2}");
    }

    /** A fresh operator with one account. */
    public static NatsOperator create()
    {
        try
        {
            return new NatsOperator(NKey.createOperator(RANDOM), NKey.createAccount(RANDOM), NKey.createAccount(RANDOM));
        }
        catch (final IOException | GeneralSecurityException ex)
        {
            throw new IllegalStateException("cannot create nkeys", ex);
        }
    }

    /** The server configuration fragment: trust this operator, preload its account. */
    public String serverConfig()
    {
        return "operator: \"" + operatorJwt + "\"\n" +
            "system_account: " + publicKey(system) + "\n" +
            "resolver: MEMORY\n" +
            "resolver_preload: {\n  " + publicKey(account) + ": \"" + accountJwt + "\"\n  " +
            publicKey(system) + ": \"" + systemJwt + "\"\n}\n";
    }

    /** Writes a credentials file for a new user of the account and returns it. */
    public Path writeUserCredentials(final Path file, final String userName)
    {
        return CertificateAuthority.write(file, userCredentials(account, userName));
    }

    /** Writes a credentials file for a user signed by an account this operator does not know: the server refuses it. */
    public Path writeForeignUserCredentials(final Path file, final String userName)
    {
        try
        {
            return CertificateAuthority.write(file, userCredentials(NKey.createAccount(RANDOM), userName));
        }
        catch (final IOException | GeneralSecurityException ex)
        {
            throw new IllegalStateException("cannot create nkeys", ex);
        }
    }

    private static String userCredentials(final NKey issuer, final String userName)
    {
        final NKey user;
        try
        {
            user = NKey.createUser(RANDOM);
        }
        catch (final IOException | GeneralSecurityException ex)
        {
            throw new IllegalStateException("cannot create nkeys", ex);
        }
        final String userJwt = jwt(issuer, publicKey(user), userName,
            "{\"pub\":{},\"sub\":{},\"subs\":-1,\"data\":-1,\"payload\":-1,\"type\":\"user\",\"version\":2}");
        return "-----BEGIN NATS USER JWT-----\n" + userJwt + "\n------END NATS USER JWT------\n\n" +
            "************************* IMPORTANT *************************\n" +
            "NKEY Seed printed below can be used to sign and prove identity.\n\n" +
            "-----BEGIN USER NKEY SEED-----\n" + new String(user.getSeed()) + "\n------END USER NKEY SEED------\n";
    }

    /** A NATS JWT: ed25519-nkey header, claims with a jti over the claims, signed by {@code issuer}. */
    private static String jwt(final NKey issuer, final String subject, final String name, final String nats)
    {
        final String header = "{\"typ\":\"JWT\",\"alg\":\"ed25519-nkey\"}";
        final long issuedAt = System.currentTimeMillis() / 1000;
        final String body = "\"iat\":" + issuedAt + ",\"iss\":\"" + publicKey(issuer) + "\",\"name\":\"" + name +
            "\",\"sub\":\"" + subject + "\",\"nats\":" + nats + "}";
        final String withoutId = "{\"jti\":\"\"," + body;
        final String claims = "{\"jti\":\"" + jti(withoutId) + "\"," + body;
        final String signingInput = URL.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "." +
            URL.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        try
        {
            return signingInput + "." + URL.encodeToString(issuer.sign(signingInput.getBytes(StandardCharsets.US_ASCII)));
        }
        catch (final IOException | GeneralSecurityException ex)
        {
            throw new IllegalStateException("cannot sign a JWT", ex);
        }
    }

    /** A claim id as the NATS tools make one: base32 of the SHA-256 of the claims. */
    private static String jti(final String claims)
    {
        try
        {
            final byte[] digest = MessageDigest.getInstance("SHA-256").digest(claims.getBytes(StandardCharsets.UTF_8));
            return base32(digest);
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private static String base32(final byte[] bytes)
    {
        final String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        final StringBuilder out = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (final byte b : bytes)
        {
            buffer = (buffer << 8) | (b & 0xFF);
            bits += 8;
            while (bits >= 5)
            {
                out.append(alphabet.charAt((buffer >>> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0)
        {
            out.append(alphabet.charAt((buffer << (5 - bits)) & 31));
        }
        return out.toString();
    }

    private static String publicKey(final NKey key)
    {
        try
        {
            return new String(key.getPublicKey());
        }
        catch (final IOException | GeneralSecurityException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    @Override
    public String toString()
    {
        return "NatsOperator{operator=" + publicKey(operator) + ", account=" + publicKey(account) + "}";
    }
}

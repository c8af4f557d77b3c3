package io.fleetbridge.adapter;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;

/**
 * Signed v1 registration requests for tests outside this package (the daemon's hostile-input
 * scenarios): a request carrying any certificate text, claiming any sender and caller, made at
 * any time, signed with any key. Stateless.
 */
public final class SignedRequests
{
    private SignedRequests()
    {
    }

    /**
     * A v1 registration request as a node would send it.
     *
     * @param pem         the {@code pubcert} to carry: a PEM certificate, or anything else
     * @param key         the key to sign the request message with
     * @param sender      the envelope's {@code senderid}
     * @param callerId    the envelope's {@code callerid}, e.g. {@code choria=web1.example.net}
     * @param requestId   32 hex characters
     * @param timeSeconds the envelope's {@code time}
     * @param ttlSeconds  the envelope's {@code ttl}
     * @return the transport document's bytes
     */
    public static byte[] request(final String pem, final PrivateKey key, final String sender, final String callerId,
        final String requestId, final long timeSeconds, final long ttlSeconds) throws GeneralSecurityException
    {
        final ChoriaMessage message = RequestVerifierTest.signed(pem, key);
        message.field("senderid", ChoriaMessage.quote(sender))
            .field("callerid", ChoriaMessage.quote(callerId))
            .field("requestid", ChoriaMessage.quote(requestId))
            .field("time", Long.toString(timeSeconds))
            .field("ttl", Long.toString(ttlSeconds));
        RequestVerifierTest.sign(message, key);
        return message.bytes();
    }
}

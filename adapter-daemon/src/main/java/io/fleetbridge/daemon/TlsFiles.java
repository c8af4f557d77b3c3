package io.fleetbridge.daemon;

/**
 * The PEM files of Choria's {@code file} security provider ({@code plugin.security.file.*}):
 * this daemon's certificate and private key, and the authority that signed the servers'
 * certificates. Paths only; nothing is read here. Immutable; {@link #toString()} shows paths,
 * never key material.
 */
public record TlsFiles(String certificate, String key, String ca)
{
}

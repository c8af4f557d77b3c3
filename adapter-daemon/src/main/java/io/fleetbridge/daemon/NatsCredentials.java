package io.fleetbridge.daemon;

/**
 * How every NATS connection of the daemon authenticates: a user and password
 * ({@code plugin.nats.user}, {@code plugin.nats.pass}), a credentials file
 * ({@code plugin.nats.credentials}), or nothing. Absent parts are null. Immutable;
 * {@link #toString()} never shows the password.
 */
public record NatsCredentials(String user, String password, String credentialsFile)
{
    /** No authentication. */
    public static final NatsCredentials NONE = new NatsCredentials(null, null, null);

    public boolean hasUserPassword()
    {
        return user != null;
    }

    public boolean hasCredentialsFile()
    {
        return credentialsFile != null;
    }

    @Override
    public String toString()
    {
        return "NatsCredentials{user=" + user + ", password=" + (password == null ? "none" : "(hidden)") +
            ", credentialsFile=" + credentialsFile + "}";
    }
}

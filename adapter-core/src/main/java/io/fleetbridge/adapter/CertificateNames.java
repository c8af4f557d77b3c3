package io.fleetbridge.adapter;

import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/**
 * The names a signer certificate vouches for, as Choria reads them, and whether they make it
 * privileged.
 *
 * <p>go-choria's {@code filesec.FileSecurity.VerifyCertificate} (providers/security/filesec/
 * file_security.go) accepts a caller name when it is one of the certificate's DNS subject
 * alternative names or its subject common name ({@code cert.Subject.CommonName}: Go keeps the
 * last CN of the subject); {@code ShouldAllowCaller} treats the certificate as privileged when
 * any of those names matches one of {@code plugin.choria.security.privileged_users}
 * ({@code MatchAnyRegex} in providers/security/filesec/util.go: an unanchored search, the
 * pattern's surrounding {@code /} dropped). A privileged certificate may sign for any caller.
 *
 * <p>Called once per distinct certificate, when it is validated; allocates freely. Stateless.
 */
final class CertificateNames
{
    private static final int DNS_NAME = 2;

    private CertificateNames()
    {
    }

    /** The common name (first, when there is one) and the DNS alternative names, as UTF-8; empty names left out. */
    static byte[][] of(final X509Certificate certificate)
    {
        final List<String> names = new ArrayList<>();
        final String commonName = commonName(certificate.getSubjectX500Principal());
        if (commonName != null && !commonName.isEmpty())
        {
            names.add(commonName);
        }
        try
        {
            final Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
            if (alternatives != null)
            {
                for (final List<?> alternative : alternatives)
                {
                    if (alternative.size() > 1 && Integer.valueOf(DNS_NAME).equals(alternative.get(0))
                        && alternative.get(1) instanceof String && !((String)alternative.get(1)).isEmpty())
                    {
                        names.add((String)alternative.get(1));
                    }
                }
            }
        }
        catch (final CertificateParsingException ex)
        {
            // an unreadable extension vouches for nothing; the common name still counts, as in Go
        }
        final byte[][] bytes = new byte[names.size()][];
        for (int i = 0; i < bytes.length; i++)
        {
            bytes[i] = names.get(i).getBytes(StandardCharsets.UTF_8);
        }
        return bytes;
    }

    /**
     * Whether any of {@code names} matches any of {@code patterns} (found anywhere in the name,
     * as Go's {@code regexp.MatchString} does). A name with a control character is never
     * privileged: Java's {@code $} would match before a final line break where Go's does not.
     */
    static boolean privileged(final byte[][] names, final List<Pattern> patterns)
    {
        for (final byte[] name : names)
        {
            final String text = new String(name, StandardCharsets.UTF_8);
            if (hasControl(text))
            {
                continue;
            }
            for (final Pattern pattern : patterns)
            {
                if (pattern.matcher(text).find())
                {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Compiles one {@code privileged_users} entry as go-choria's {@code MatchAnyRegex} reads it:
     * {@code /regex/} stands for {@code regex}.
     *
     * @throws java.util.regex.PatternSyntaxException when it is not a regular expression
     */
    static Pattern pattern(final String entry)
    {
        final String regex = entry.length() > 2 && entry.startsWith("/") && entry.endsWith("/")
            ? entry.substring(1, entry.length() - 1) : entry;
        return Pattern.compile(regex);
    }

    /** Whether {@code src[from, to)} is exactly one of {@code names}. */
    static boolean contains(final byte[][] names, final byte[] src, final int from, final int to)
    {
        for (final byte[] name : names)
        {
            if (java.util.Arrays.equals(name, 0, name.length, src, from, to))
            {
                return true;
            }
        }
        return false;
    }

    /** The last CN of the subject in its encoded order, which is the one Go's {@code pkix.Name} keeps; null without one. */
    private static String commonName(final X500Principal subject)
    {
        try
        {
            String commonName = null;
            // LdapName lists the RDNs in reverse of the string form, that is in their encoded order
            for (final Rdn rdn : new LdapName(subject.getName(X500Principal.RFC2253)).getRdns())
            {
                final NamingEnumeration<? extends Attribute> attributes = rdn.toAttributes().getAll();
                while (attributes.hasMore())
                {
                    final Attribute attribute = attributes.next();
                    if ("cn".equalsIgnoreCase(attribute.getID()) && attribute.get() instanceof String)
                    {
                        commonName = (String)attribute.get();
                    }
                }
            }
            return commonName;
        }
        catch (final NamingException ex)
        {
            return null;
        }
    }

    private static boolean hasControl(final String text)
    {
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c < 0x20 || c == 0x7F || c == 0x85 || c == 0x2028 || c == 0x2029)
            {
                return true;
            }
        }
        return false;
    }
}

package org.postroom.dkim;

import java.security.KeyPair;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.postroom.config.PostroomConfig;
import org.postroom.connector.api.mime.Address;
import org.postroom.domain.DomainName;
import org.postroom.model.dkim.DkimAlgorithm;
import org.postroom.model.dkim.DkimKeys;
import org.postroom.model.dkim.DkimSigner;
import org.postroom.model.mime.AddressListParser;
import org.postroom.model.mime.MimeHeader;
import org.postroom.store.DkimKey;
import org.postroom.store.DkimKeyRepository;
import org.postroom.store.HostedDomain;

/**
 * The hosted domains' DKIM keys in use (ADR 0060): makes and rotates them (sealed by {@link DkimKeyVault}), and signs
 * mail that leaves with the active key of its From domain (else of its envelope sender's domain) when that domain
 * has one. A signer per key is kept once opened. Signing never stops mail: a key that cannot be used is logged and
 * the message leaves unsigned.
 */
@ApplicationScoped
public class DkimKeyring {

    private static final Logger LOG = Logger.getLogger(DkimKeyring.class.getName());
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    @Inject
    DkimKeyRepository keys;
    @Inject
    PostroomConfig config;

    private volatile DkimKeyVault vault;
    private final Map<Long, DkimSigner> signers = new ConcurrentHashMap<>();
    private final Set<Long> unusable = ConcurrentHashMap.newKeySet();

    protected DkimKeyring() {
    }

    /** Outside the container (tests): these keys, this configuration, this vault. */
    public DkimKeyring(DkimKeyRepository keys, PostroomConfig config, DkimKeyVault vault) {
        this.keys = keys;
        this.config = config;
        this.vault = vault;
    }

    private DkimKeyVault vault() {
        DkimKeyVault v = vault;
        if (v == null) {
            v = DkimKeyVault.open(config.dkimMasterKey(), config.dataDir());
            vault = v;
        }
        return v;
    }

    /**
     * Makes a new key for {@code domain} and makes it the active one (the previous active key is retired).
     *
     * @param selector the selector; empty: the configured prefix and today's date (then {@code -2}, {@code -3} ... when
     *        taken)
     * @param algorithm empty: the configured default
     * @throws IllegalArgumentException for a malformed selector, one the domain used before, or an unknown algorithm
     */
    public DkimKey generate(HostedDomain domain, Optional<String> selector, Optional<String> algorithm, Instant now) {
        String algorithmTag = algorithm.orElseGet(config::dkimAlgorithm);
        DkimAlgorithm alg = DkimAlgorithm.byTag(algorithmTag).orElseThrow(() -> new IllegalArgumentException(
                "unknown DKIM algorithm " + algorithmTag + "; use rsa-sha256 or ed25519-sha256"));
        List<DkimKey> existing = keys.forDomain(domain);
        Set<String> taken = existing.stream().map(DkimKey::getSelector).collect(Collectors.toSet());
        String chosen;
        if (selector.isPresent()) {
            chosen = selector.get().trim().toLowerCase(Locale.ROOT);
            if (!DkimSigner.validName(chosen) || chosen.length() > 63) {
                throw new IllegalArgumentException("not a DKIM selector: " + selector.get()
                        + " (letters, digits, hyphens and dots; at most 63 characters)");
            }
            if (taken.contains(chosen)) {
                throw new IllegalArgumentException("selector " + chosen + " was used by " + domain.getName()
                        + " before; a rotation needs a new one");
            }
        } else {
            String base = config.dkimSelectorPrefix().toLowerCase(Locale.ROOT) + DAY.format(now);
            chosen = base;
            for (int n = 2; taken.contains(chosen); n++) {
                chosen = base + "-" + n;
            }
            if (!DkimSigner.validName(chosen)) {
                throw new IllegalArgumentException("postroom.dkim.selector.prefix makes no valid selector: " + chosen);
            }
        }
        KeyPair pair = DkimKeys.generate(alg);
        byte[] sealed = vault().seal(pair.getPrivate().getEncoded(), domain.getName(), chosen);
        existing.stream().filter(DkimKey::isActive).forEach(k -> k.retire(now));
        DkimKey key = keys.add(new DkimKey(domain, chosen, alg.tag(),
                Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()), sealed, now));
        LOG.info("DKIM: " + domain.getName() + " signs with a new " + alg.tag() + " key, selector " + chosen
                + (existing.isEmpty() ? "" : " (the previous key is retired)"));
        return key;
    }

    /** The TXT record of {@code key}: {@code v=DKIM1; k=...; p=...}. */
    public static String txtRecord(DkimKey key) {
        DkimAlgorithm alg = DkimAlgorithm.byTag(key.getAlgorithm()).orElseThrow();
        return DkimKeys.txtRecord(alg, DkimKeys.publicKey(alg, Base64.getDecoder().decode(key
                .getPublicKey())));
    }

    /**
     * The message as it leaves: signed by the From domain's active key, or else the envelope sender's domain's, when
     * either is hosted with a key; as it is otherwise. Deterministic (t= is the acceptance), so a retry with the same
     * key sends the same bytes.
     *
     * @param sender the envelope sender; empty for {@code <>}
     * @param acceptedAt when the message was accepted (the signature's t=)
     */
    public byte[] sign(Optional<String> sender, Instant acceptedAt, byte[] content) {
        for (String domain : candidateDomains(content, sender)) {
            Optional<DkimKey> key = keys.active(domain);
            if (key.isPresent()) {
                Optional<DkimSigner> signer = signer(key.get(), domain);
                if (signer.isEmpty()) {
                    return content;
                }
                try {
                    return signer.get().sign(content, acceptedAt);
                } catch (RuntimeException e) {
                    // a message the signer cannot take must still leave (ADR 0060)
                    LOG.warning("DKIM: signing for " + domain + " failed (" + e + "); the message leaves unsigned");
                    return content;
                }
            }
        }
        return content;
    }

    private Optional<DkimSigner> signer(DkimKey key, String domain) {
        DkimSigner cached = signers.get(key.getId());
        if (cached != null) {
            return Optional.of(cached);
        }
        try {
            DkimAlgorithm alg = DkimAlgorithm.byTag(key.getAlgorithm())
                    .orElseThrow(() -> new IllegalStateException("unknown algorithm " + key.getAlgorithm()));
            byte[] pkcs8 = vault().open(key.getSealedPrivateKey(), domain, key.getSelector());
            DkimSigner signer = new DkimSigner(domain, key.getSelector(), alg, DkimKeys.privateKey(alg, pkcs8));
            signers.put(key.getId(), signer);
            return Optional.of(signer);
        } catch (RuntimeException e) {
            if (unusable.add(key.getId())) {
                LOG.severe("DKIM: the key " + key.getSelector() + "._domainkey." + domain + " cannot be used ("
                        + e.getMessage() + "); mail from " + domain + " leaves unsigned until it is rotated or the"
                        + " master key is restored");
            }
            return Optional.empty();
        }
    }

    /** The From header's domain, then the envelope sender's (normalised, without repeats). */
    static List<String> candidateDomains(byte[] content, Optional<String> sender) {
        Set<String> out = new LinkedHashSet<>();
        MimeHeader header = MimeHeader.read(content, 0, content.length);
        header.first("From").ifPresent(from -> {
            for (Address a : AddressListParser.parse(from)) {
                if (a.host() != null && !AddressListParser.MISSING_DOMAIN.equals(a.host())) {
                    normalised(a.host()).ifPresent(out::add);
                    break;
                }
            }
        });
        sender.filter(s -> s.lastIndexOf('@') > 0).map(s -> s.substring(s.lastIndexOf('@') + 1))
                .flatMap(DkimKeyring::normalised).ifPresent(out::add);
        return List.copyOf(out);
    }

    private static Optional<String> normalised(String domain) {
        try {
            return Optional.of(DomainName.normalize(domain));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}

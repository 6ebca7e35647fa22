/**
 * Ignition's own config validation, reimplemented from Ignition 2.26's Go sources (vendored in butane v0.28.0:
 * {@code config/v3_*}{@code /types}, {@code config/validate}, {@code config/shared/errors}), so that nothing Ignition
 * would refuse at boot is served. Entry point: {@link dev.bootoperator.ignition.validate.IgnitionValidator}.
 *
 * <p>Messages are Ignition's. Rules hold in every spec from 3.0.0 unless a version is given:
 * <table>
 *   <caption>Rules by spec version</caption>
 *   <tr><th>rule</th><th>specs</th></tr>
 *   <tr><td>decodable JSON types (error); unknown keys (warning); keys matched ignoring case, as Go does</td><td>all; fields per spec</td></tr>
 *   <tr><td>duplicates: files/directories/links by path together; units; dropins per unit; disks; partitions by
 *       number or label; filesystems by device; raid by name and its devices; users; groups; a user's groups and
 *       SSH keys; merge sources; CAs; HTTP header names; noProxy entries (3.1+); luks by name (3.2+); tang URLs
 *       (3.2+); kernel arguments across shouldExist and shouldNotExist (3.3+)</td><td>all</td></tr>
 *   <tr><td>paths absolute and clean; nothing below a link; mode 0..07777; not both id and name for an
 *       owner; overwrite needs a source</td><td>all</td></tr>
 *   <tr><td>setuid/setgid/sticky mode bits: warning</td><td>3.0–3.5</td></tr>
 *   <tr><td>link target required</td><td>3.3+</td></tr>
 *   <tr><td>hard link not to a directory (error); hard link owner (warning)</td><td>all</td></tr>
 *   <tr><td>compression "" or gzip; hash needs a source; hash sha512</td><td>all</td></tr>
 *   <tr><td>hash sha256; HTTP headers only on http(s) sources, names and values non-empty; merge and CA
 *       sources required; proxies http(s) (http for https: warning)</td><td>3.1+</td></tr>
 *   <tr><td>source schemes http, https, tftp, s3 (versionId not empty), data (strict RFC 2397)</td><td>all</td></tr>
 *   <tr><td>gs sources</td><td>3.2+</td></tr>
 *   <tr><td>arn: S3 ARN sources</td><td>3.4+</td></tr>
 *   <tr><td>disks: device; partition numbers and labels unique, no overlap, number or label, GUID form, label
 *       length 36 and no colon, shouldExist false alone and not beside unnumbered partitions</td><td>all</td></tr>
 *   <tr><td>filesystems: device, path, format ext4/btrfs/xfs/swap/vfat, format needed with other fields,
 *       label length per format; warnings for a filesystem over a partitioned or wiped disk</td><td>all</td></tr>
 *   <tr><td>filesystem format none</td><td>3.3+</td></tr>
 *   <tr><td>raid level known, no spares for linear/raid0, devices given and absolute; empty level called
 *       "required" from 3.3</td><td>all</td></tr>
 *   <tr><td>luks: name without slash, label ≤ 47, device, key file source, custom clevis not beside other
 *       pins (3.2: any custom object; 3.3+: a custom pin), custom pin and config, tang URL http(s) and
 *       thumbprint</td><td>3.2+</td></tr>
 *   <tr><td>custom clevis pin one of tpm2, tang, sss</td><td>3.2–3.5</td></tr>
 *   <tr><td>tang advertisement is JSON</td><td>3.4+</td></tr>
 *   <tr><td>cex not with clevis or a key file</td><td>3.5+</td></tr>
 *   <tr><td>units: type suffix; dropins: .conf; contents parse as unit files (go-systemd); nothing in storage
 *       where a unit or dropin with contents is written; enabled (template) unit without [Install]:
 *       warning</td><td>all</td></tr>
 * </table>
 *
 * <p>Ignition does not validate {@code enabled} with {@code mask}, timeouts, or passwd fields other than
 * duplicates; neither does this package.
 */
package dev.bootoperator.ignition.validate;

// The S3-compatible file store (AWS S3, MinIO, Ceph, Garage, a provincial data centre's
// object storage), through the AWS SDK v3 S3 client. For several server processes: every
// one of them reads and writes the same bucket. Objects are content-addressed and a key
// already present is left alone (HEAD first), so nothing is ever overwritten with other
// bytes.
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { FileMissing, objectPath, type FileStore } from './store.js';

export interface S3StoreOptions {
  bucket: string;
  /** Key prefix inside the bucket (`motcua/`), empty for none. */
  prefix?: string;
  /** An S3-compatible server's URL (`http://127.0.0.1:9000`); unset: AWS itself. */
  endpoint?: string;
  region?: string;
  /** Path-style URLs (`endpoint/bucket/key`), which most S3-compatible servers want. */
  forcePathStyle?: boolean;
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

const isMissing = (error: unknown): boolean => {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'NoSuchKey' || e?.name === 'NotFound' || e?.$metadata?.httpStatusCode === 404;
};

export class S3FileStore implements FileStore {
  readonly kind = 's3' as const;
  private readonly client: S3Client;
  private readonly prefix: string;

  constructor(private readonly options: S3StoreOptions) {
    const config: S3ClientConfig = {
      region: options.region ?? 'us-east-1',
      endpoint: options.endpoint,
      forcePathStyle: options.forcePathStyle ?? options.endpoint !== undefined,
      credentials: options.credentials,
      // Checksums only where S3 requires them: many S3-compatible servers do not know the
      // SDK's newer trailing-checksum uploads. Integrity is ours anyway (the key is the SHA-256).
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    };
    this.client = new S3Client(config);
    this.prefix = (options.prefix ?? '').replace(/^\/+/, '');
  }

  get location(): string {
    return `s3://${this.options.bucket}/${this.prefix}${this.options.endpoint ? ` at ${this.options.endpoint}` : ''}`;
  }

  private keyOf(sha256: string): string {
    return `${this.prefix}${objectPath(sha256)}`;
  }

  async put(sha256: string, bytes: Buffer): Promise<void> {
    const Key = this.keyOf(sha256);
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.options.bucket, Key }));
      return; // already there: the same bytes
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
    await this.client.send(
      new PutObjectCommand({ Bucket: this.options.bucket, Key, Body: bytes, ContentLength: bytes.length, ContentType: 'application/octet-stream' }),
    );
  }

  async get(sha256: string): Promise<Buffer> {
    try {
      const answer = await this.client.send(new GetObjectCommand({ Bucket: this.options.bucket, Key: this.keyOf(sha256) }));
      return Buffer.from(await answer.Body!.transformToByteArray());
    } catch (error) {
      if (isMissing(error)) throw new FileMissing(sha256);
      throw error;
    }
  }

  destroy(): void {
    this.client.destroy();
  }
}

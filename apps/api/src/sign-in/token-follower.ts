import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AccessTokens } from '@akkoord/application';

/** Keeps the in-memory tokens current while the app runs (tokens issued by the CLI or another node). */
@Injectable()
export class TokenFollower implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly stop = new AbortController();
  private running: Promise<void> | undefined;

  constructor(@Inject(AccessTokens) private readonly tokens: AccessTokens) {}

  onApplicationBootstrap(): void {
    this.running = this.tokens.follow(this.stop.signal);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stop.abort();
    await this.running;
  }
}

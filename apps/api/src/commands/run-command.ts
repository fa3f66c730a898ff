import { Inject, Injectable } from '@nestjs/common';
import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandRunner, type CommandEnvelope, type CommandResult } from '@akkoord/application';
import type { DomainCommand } from '@akkoord/domain';
import { Metrics } from '../metrics/metrics.js';
import type { CommandMeta } from '../platform/command-request.js';
import { toHttpError } from '../platform/http-errors.js';

/** The one Nest command: a domain command in its envelope. */
export class RunCommand extends Command<CommandResult> {
  constructor(readonly envelope: CommandEnvelope) {
    super();
  }
}

/** The one Nest command handler: adapts the CommandBus to the generic `CommandRunner`, and counts outcomes. */
@CommandHandler(RunCommand)
export class RunCommandHandler implements ICommandHandler<RunCommand> {
  constructor(
    @Inject(CommandRunner) private readonly runner: CommandRunner,
    @Inject(Metrics) private readonly metrics: Metrics,
  ) {}

  async execute({ envelope }: RunCommand): Promise<CommandResult> {
    const type = envelope.command.type;
    try {
      const result = await this.runner.run(envelope);
      this.metrics.commands.inc({ type, outcome: 'ok' });
      return result;
    } catch (error) {
      this.metrics.commands.inc({ type, outcome: toHttpError(error).outcome });
      throw error;
    }
  }
}

/** What controllers use: wraps a domain command in its envelope and sends it through the CommandBus. */
@Injectable()
export class CommandSender {
  constructor(@Inject(CommandBus) private readonly bus: CommandBus) {}

  send(command: DomainCommand, meta: CommandMeta): Promise<CommandResult> {
    return this.bus.execute(new RunCommand({ command, ...meta }));
  }
}

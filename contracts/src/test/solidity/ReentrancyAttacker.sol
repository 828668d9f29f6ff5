// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {HookToken, ITokenReceiver} from "./HookToken.sol";
import {Staking} from "../../main/solidity/Staking.sol";
import {TrainingLedger} from "../../main/solidity/TrainingLedger.sol";

/// @title Test participant that re-enters the contract paying it, from the token's callback.
contract ReentrancyAttacker is ITokenReceiver {
    uint8 public constant TARGET_NONE = 0;
    uint8 public constant TARGET_WITHDRAW = 1;
    uint8 public constant TARGET_CLAIM_REWARD = 2;

    Staking public immutable staking;
    TrainingLedger public immutable ledger;
    HookToken public immutable token;
    uint8 public target;
    uint256 private _jobId;
    uint256 private _segment;

    constructor(Staking stakes, TrainingLedger trainingLedger, HookToken hookToken) {
        staking = stakes;
        ledger = trainingLedger;
        token = hookToken;
    }

    function prepare(uint256 amount) external {
        token.registerHook();
        staking.register(1, "http://attacker.invalid", "none");
        IERC20(address(token)).approve(address(staking), amount);
        staking.stake(amount);
    }

    function requestUnbond(uint256 amount) external {
        staking.requestUnbond(amount);
    }

    function claimSegment(uint256 jobId, uint256 segment) external {
        ledger.claim(jobId, segment);
    }

    function commitSegment(uint256 jobId, uint256 segment, bytes32 start, bytes32 root, bytes32 end) external {
        ledger.commit(jobId, segment, start, root, end);
    }

    function attackWithdraw() external {
        target = TARGET_WITHDRAW;
        staking.withdraw();
    }

    function attackClaimReward(uint256 jobId, uint256 segment) external {
        target = TARGET_CLAIM_REWARD;
        _jobId = jobId;
        _segment = segment;
        ledger.claimReward(jobId, segment);
    }

    function onTokenReceived(address, uint256) external {
        uint8 current = target;
        target = TARGET_NONE;
        if (current == TARGET_WITHDRAW) {
            staking.withdraw();
        } else if (current == TARGET_CLAIM_REWARD) {
            ledger.claimReward(_jobId, _segment);
        }
    }
}

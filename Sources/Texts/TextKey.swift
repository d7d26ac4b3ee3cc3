/// Every fixed text of Routewijzer, by what it is. Its words are in `Dutch.swift` and
/// `English.swift`, one exhaustive `switch` each: a key without a text in both languages does
/// not compile. `{1}`, `{2}`, … in a text are filled by `text(_:_:_:)`.
public enum TextKey: String, CaseIterable, Sendable {
    // MARK: Every screen: title bar
    case appSubtitle
    case progress

    // MARK: Welcome
    case welcomeTitle
    case welcomeBody
    case welcomeStored

    // MARK: Question
    case yes
    case no
    case skip
    case skipped
    case chooseAny
    case numberRange

    // MARK: Review
    case reviewTitle
    case reviewHint
    case showResults
    case noAnswer
    case noneChosen
    case unknownAnswer

    // MARK: Results
    case resultsTitle
    case fitEligible
    case fitNear
    case fitNotEligible
    case summary
    case goOn
    case why
    case stillNeeded
    case whyNot
    case alreadyThere
    case notYourWish
    case groupForYou
    case groupAlsoPossible
    case apartOtherRole
    case apartSchoolTypeOnly

    // MARK: Route details
    case steps
    case firstStep
    case thenStep
    case moreOnEnter
    case duration
    case monthsLessThanOne
    case months
    case monthsRange
    case monthsShortLessThanOne
    case monthsShort
    case monthsShortRange
    case cost
    case whoPays
    case earning
    case helpFindingASchool
    case leadsTo
    case providers
    case nearest
    case askInstead
    case distancesFrom

    // MARK: Advice to keep
    case summaryTitle
    case catalogueWord
    case noRouteNow
    case forEveryRoute
    case km

    // MARK: Route details: providers and regions
    case inCity
    case caveat
    case inRegion
    case earlierInRegion

    // MARK: Contact
    case contactTitle
    case contactPurpose
    case contactYes
    case contactNo

    // MARK: Save failures
    case saveFailureDiskFull
    case saveFailureNoPermission
    case saveFailureRefusedFile
    case saveFailureNoDataFolder
    case saveFailureDiskError
    case saveFailureContactRefused
    case saveFailure

    // MARK: Contact form
    case tooYoung
    case nameLabel
    case emailLabel
    case age16
    case age16Question
    case consentQuestion
    case noContactKept
    case consent
    case save
    case saving

    // MARK: Saved
    case savedTitle
    case savedBody
    case sessionCode
    case savedContact
    case startAgain

    // MARK: Help
    case helpTitle
    case helpKeyMove
    case helpKeyToggle
    case helpKeyPick
    case helpKeyGoOn
    case helpKeyBack
    case helpKeyQuit
    case resultsHelpFits
    case resultsHelpNearly
    case resultsHelpNoFit
    case resultsHelpDiffers
    case resultsHelpGroups
    case resultsHelpOrder
    case resultsHelpCheck
    case resultsHelpDistances
    case resultsHelpKeysRoutes
    case resultsHelpKeysCode
    case anyKey

    // MARK: Quit and start again
    case quitTitle
    case keptNothing
    case keptAlreadySaved
    case keptAnswersSoFar
    case keptOutcome
    case quitKeys
    case restartTitle
    case restartWipe
    case restartKeys

    // MARK: Idle and advisor PIN
    case idleTitle
    case idleBodyOneSecond
    case idleBodySeconds
    case idleKeys
    case pinTitle
    case pinPrompt

    // MARK: Window too small
    case tooSmall
    case tooSmallSize

    // MARK: Notices
    case noticeNumberRequired
    case noticeNumberOutOfRange
    case noticeAnswerRequired
    case noticeChoicesRequired
    case noticeNameRequired
    case noticeNameTooLong
    case noticeNameCharacters
    case noticeEmailInvalid
    case noticeAgeConfirmationRequired
    case noticeConsentRequired
    case noticePinWrongLastAttempt
    case noticePinWrongOneLeft
    case noticePinWrong
    case noticePinLockedOneSecond
    case noticePinLocked

    // MARK: Key bars
    case keyLanguage
    case keyStart
    case keyHelp
    case keyQuit
    case keyMove
    case keyNext
    case keyBack
    case keyToggle
    case keyType
    case keyChange
    case keyResults
    case keyContinue
    case keyAnswers
    case keyBackToRoutes
    case keyGoOn
    case keyNextField
    case keyClearField
    case keyTick
    case keySave
    case keyPreviousField
    case keyStartAgain
    case keyAnyKey
    case keyYes
    case keyQuitNow
    case keyConfirm
    case keySpace

    // MARK: Take home (QR code)
    case takeHomeTitle
    case takeHomeHint
    case takeHomeTooSmall
    case takeHomeNoUnicode
    case keyBackToYourRoutes
    case keyQRCode

    // MARK: Plain line mode
    case plainLineTooLong
    case plainAnswerRequired
    case plainChoicesRequired
    case plainHelp
    case plainLanguagePrompt
    case plainIntroduction
    case plainReviewPrompt
    case plainResultsPrompt
    case plainRouteNumberRange
    case plainContactPrompt
    case plainChosen
    case plainChoicesPromptKeep
    case plainChoicesPrompt
    case plainChoosePrompt
    case plainNumberRange

    // MARK: Full screen: question and contact form
    case questionHelpHint
    case contactFormPurpose

    // MARK: Coordinators' words: values in exports and reports
    case cellYes
    case cellNo
    case cellFitEligible
    case cellFitNear
    case cellFitNotEligible
    case outcomeCompleted
    case outcomeAbandoned
    case outcomeTimedOut
    case channelTerminal
    case languageDutch
    case languageEnglish

    // MARK: Export: column heads
    case exportSession
    case exportStarted
    case exportEnded
    case exportChannel
    case exportEvent
    case exportLanguage
    case exportCatalogueVersion
    case exportCatalogueSHA256
    case exportOutcome
    case exportContactLeft
    case exportRoute
    case exportFit
    case exportScore
    case exportName
    case exportEmail
    case exportProvince
    case exportSessionAt
    case exportPurpose
    case exportConsentText
    case exportConsentedAt
    case exportKeepUntil

    // MARK: Report
    case reportTitle
    case reportSelection
    case reportDamagedLinesSkipped
    case reportFunnelAllSessions
    case reportNotCompleted
    case reportNotCompletedKiosk
    case reportCompletedRate
    case reportCountsCompletedOnly
    case reportRoutes
    case reportFits
    case reportNearly
    case reportNoSessions
    case reportPeriod
    case reportHiddenLegend
    case reportTotal
    case reportAnsweredSeveral
    case reportTotalShort
    case reportBlankIsZero
    case reportMadeOn
    case reportIntroduction
    case reportKeyFigures
    case reportTileStarted
    case reportTileCompleted
    case reportTileRate
    case reportTileContact
    case reportLost
    case reportFunnelChart
    case reportFunnel
    case reportFunnelCaption
    case reportStep
    case reportSessions
    case reportLostSinceStep
    case reportWeek
    case reportWeeksNote
    case reportDemandPerProvince
    case reportMapLabel
    case reportMapLegend
    case reportMapHidden
    case reportProvinceBars
    case reportSubjectBars
    case reportDemandPerSubject
    case reportSubjectsNote
    case reportRouteBars
    case reportDemandPerRoute
    case reportRoute
    case reportRoutesNote
    case reportAnswered
    case reportBreakdowns
    case reportBreakdownsNote
    case reportHiddenExplained
    case reportMapNote
    case reportColumnSection
    case reportColumnRow
    case reportColumnColumn
    case reportColumnCount
    case reportColumnHidden
    case reportCellYes
    case reportOutcome
    case reportCompletedPercent
    case reportDamagedLines
    case reportNoAnswer
    case reportStepStarted
    case reportStepAnsweredAll
    case reportStepSawResults
    case reportStepLeftContact
    case reportProvince
    case reportSector
    case reportSchoolType
    case reportRole
    case reportEducation
    case reportTooFewSessions
    case reportProvinceBySchoolType
    case reportRoleBySchoolType
    case reportSectorByProvince
    case reportPerWeek
    case reportPerEvent
    case reportNoEvent
    case reportNoCompletedSessions
    case reportTooFewToBreakDown

    // MARK: Coordinators' commands: selection
    case selectionSince
    case selectionUntil
    case selectionEvent

    // MARK: Coordinators' commands: report
    case reportWritten

    // MARK: Coordinators' words: column heads of questions
    case headEducation
    case headSector
    case headSchoolType
    case headRole
    case headProvince
    case headAge
    case headSubject
    case headForeignQualification
    case headForeignDiploma
    case headHboAssessment
    case headExperienceYears
    case headRelatedBachelor
    case headVmboProfiles
    case headMboSubjects
    case headSchoolJob
    case headHours

    // MARK: Phone summary (QR code)
    case qrSummaryTitle
    case qrSummaryNoRoute
    case qrSummaryFits
    case qrSummaryNearlyFits

    // MARK: `routewijzer match --format text`
    case matchTextTitle

    // MARK: Coordinators' commands: what was read, and what a failure leaves
    case readDamagedLine
    case readUnfinishedLine
    case readSummary
    case readDuplicatesSkipped
    case readDamagedSkipped
    case exportNothingExported
    case exportOutputIncomplete
    case rewriteWholeOrNot
    case purgeNothingDeleted
    case forgetNothingErased
    case contactsExported

    // MARK: Kiosk commands
    case kioskNoSettings
    case kioskPinSaved
    case kioskSettingsFile
    case kioskCatalogueChecked
    case kioskEvent
    case kioskNoEvent
    case kioskNoDataDirectory
    case kioskDataDirectory
    case kioskIdleTimes
    case kioskPin
    case kioskPinNotSet
    case kioskPinSet
    case kioskStopOrSetUp
    case kioskDataDirectoryError
    case kioskDataDirectoryNotWritable
    case kioskNoCatalogue
    case kioskNeedsTerminal
    case kioskNewPinPrompt
    case kioskPinAgainPrompt
    case kioskPinsDiffer
    case kioskNoPinOnInput
    case kioskTerminalSettingsUnreadable
    case kioskEchoStaysOn
    case kioskTerminalUnreadable
    case kioskInputEnded
    case kioskInterrupted

    // MARK: Coordinators' commands: purge and forget
    case purgeDryRun
    case purgeWouldDelete
    case purgeLastBegan
    case purgeWouldQuarantine
    case purgeNeedsYes
    case purgeWillDelete
    case purgeConfirm
    case purgeAborted
    case purgeDeleted
    case purgeQuarantined
    case purgeKept
    case purgeOldestBegan
    case temporaryFileRemoved
    case forgetNeedsOne
    case forgetWhatSession
    case forgetWhatEmail
    case forgetNothingFound
    case forgetErased
    case forgetQuarantineErased
    case forgetUnattributed
    case forgetNotAnID
    case forgetNoSuchCode
    case forgetCodeAmbiguous

    // MARK: Central store commands (`routewijzer-central`)
    case syncAdded
    case syncAlreadyThere
    case syncContactsAdded
    case syncDamagedNotSent
    case syncAlreadyRunning
    case dbAlreadyAtVersion
    case dbStepApplied
    case dbMigrated
    case dbNoSchema
    case dbSchemaBehind
    case dbSchemaCurrent
    case reportServerCannotCount
    case reportSessionsFrom
    case forgetCentralErased
    case forgetLocal
    case purgeCentralNeedsYes
    case purgeCentralWillDelete
    case purgeCentralDone
    case purgeCentralWouldBeDeleted
    case purgeCentralDeleted
    case purgeLocal

    // MARK: Command help: what each command is for
    case programAbstract
    case startAbstract
    case kioskAbstract
    case kioskSetPinAbstract
    case kioskCheckAbstract
    case kioskRunAbstract

    // MARK: Coordinators' commands: report
    case reportNotMade

    // MARK: Saving failed: what the session log and contact store say
    case errorDiskFull
    case errorPermissionDenied
    case errorSymlinkRefused
    case errorNotARegularFile
    case errorIO
    case errorSyncFailed
    case errorDirectoryMissing
    case errorInvalidContact
    case errorConsentMissing
    case errorTooYoung
    case errorNotFound
    case errorInvalidArgument
    case errorNoDataDirectory
    case errorNotUsed
    case errorNotUsedOthersCanChange
    case reasonDiskFull
    case reasonPermissionDenied
    case reasonSymlinkRefused
    case reasonNotARegularFile
    case reasonIO
    case reasonSyncFailed
    case reasonDirectoryMissing

    // MARK: Starting the questionnaire
    case launchPlainModeInstead
    case launchDataDirectoryUnusable

    // MARK: Kiosk settings: what is wrong with them
    case kioskPinRefused
    case kioskPinHash
    case kioskAtJSONPath
    case kioskSchemaUnsupported
    case kioskIdleOutOfRange
    case kioskCountdownOutOfRange
    case kioskEventRule
    case kioskEmpty
    case kioskNoAdvisorPin
    case kioskJSONSyntaxError
    case kioskExpectedType
    case kioskExpectedTypeFoundNull
    case kioskRequiredFieldMissing
    case kioskConfigTooLarge
    case kioskConfigNotARegularFile
    case kioskConfigOwnedByOther
    case kioskConfigOpenToOthers
    case kioskPinCharacters
    case kioskPinTooFewDigits
    case kioskPassphraseTooShort

    // MARK: Central store: shipping and the server's counts
    case syncRetry
    case storedTallyOldSchema
    case storedTallyMixedAnswers

    // MARK: Central store errors
    case centralErrorSettings
    case centralErrorUnreachable
    case centralErrorServer
    case centralTLSRequired
    case centralTLSOverUnixSocket
    case centralRootCertUnreadable
    case centralPortNotANumber
    case centralUnknownSSLMode
    case centralContactsYesOrNo
    case centralNotAnAddress
    case centralAddressPairNotKeyValue
    case centralAddressSettingNotAllowed
    case centralAddressUnclosedBracket
    case centralPasswordInAddress
    case centralConfigLineNotKeyValue
    case centralConfigUnknownSetting
    case centralSettingsFile
    case centralPasswordFile
    case centralPrivateFileCannotBeOpened
    case centralPrivateFileNotRegular
    case centralPrivateFileOwnedByOther
    case centralPrivateFileOpenToOthers
    case centralPrivateFileTooLarge
    case centralPrivateFileCannotBeRead
    case centralOptionNeedsValue
    case centralTLSSetupFailed
    case centralSystemTrustRoots
    case centralNoAnswerInTime
    case centralServerErrorUnnamed
    case centralServerHint
    case centralSchemaNotCreated
    case centralRoleLacksPermission
    case centralLoginRefused
    case centralConnectionClosed
    case centralNoTLSOffered
    case centralPasswordAsked
    case centralTLSNotStarted
    case centralTLSFailed
    case centralCancelled
    case centralSchemaTooNew
    case centralCannotBeLocked
    case centralCannotBeRead
    case centralCannotBeOpened
    case centralCannotBeWritten
    case centralReadingLogFailed
    case centralWritingRecordsFailed
    case centralSyncStateNotEncoded
    case centralNoTemporaryDirectory

    // MARK: Kiosk: a stored PIN hash's problems
    case pinHashUnknownAlgorithm
    case pinHashParametersOutOfRange
    case pinHashShortSalt
    case pinHashShortHash

    // MARK: Terminal: why the full screen cannot start
    case terminalNotATerminal
    case terminalUnknownType
    case terminalTypeUnset

    // MARK: Argument checks
    case argumentLangNlOrEn
    case argumentCatalogueNotFound
    case argumentDelimiter
    case argumentOlderThan
    case argumentBatchSize
    case argumentRetries
    case argumentEvery
    case argumentTimeout
    case argumentNotADateOrTime
}
